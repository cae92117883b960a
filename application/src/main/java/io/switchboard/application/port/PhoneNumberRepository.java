package io.switchboard.application.port;

import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Numbers held by organizations. Every lookup but {@link #findHeldAnywhere} is scoped to one
 * organization: a number of another organization is simply not found.
 */
public interface PhoneNumberRepository {
  /** The number, released or not. */
  Optional<PhoneNumber> findById(OrganizationId organizationId, PhoneNumberId id);

  /**
   * The number with its bindings and the display names of their agents, read in one statement, so
   * in one snapshot and one round trip: what a read of a single number shows.
   */
  Optional<WithBindings> findByIdWithBindings(OrganizationId organizationId, PhoneNumberId id);

  /** {@link #findHeld} with bindings and agent names, in one statement. */
  Optional<WithBindings> findHeldWithBindings(OrganizationId organizationId, E164 number);

  /**
   * A number, its bindings (ordered by channel) and the display names of the bound agents that have
   * one.
   */
  record WithBindings(PhoneNumber number, List<Binding> bindings, Map<AgentId, String> agentNames) {
    public WithBindings {
      bindings = List.copyOf(bindings);
      agentNames = Map.copyOf(agentNames);
    }
  }

  /**
   * Same, taking a row lock until the transaction ends so that concurrent patches serialize instead
   * of overwriting.
   */
  Optional<PhoneNumber> lockById(OrganizationId organizationId, PhoneNumberId id);

  /** The organization's non-released number with this E.164 value. */
  Optional<PhoneNumber> findHeld(OrganizationId organizationId, E164 number);

  /**
   * Whoever holds this number (not released) on the whole platform: E.164 values are unique among
   * held numbers.
   */
  Optional<PhoneNumber> findHeldAnywhere(E164 number);

  /** The most recent release of this number anywhere, to enforce its quarantine. */
  Optional<PhoneNumber> findLatestReleased(E164 number);

  /** Throws AlreadyExistsException when the number is already held by anyone. */
  void insert(PhoneNumber number);

  /**
   * Stores a changed number whose version is one more than the stored one. Throws
   * ConcurrencyConflictException when the stored version moved meanwhile.
   */
  void update(PhoneNumber number);

  /**
   * {@link #update(PhoneNumber)} together with the change event that describes it, appended to the
   * change feed in the same statement where the store allows (one round trip): the event is
   * appended exactly when the update is stored. Throws ConcurrencyConflictException, appending
   * nothing, when the stored version moved meanwhile.
   *
   * @return the stored number with its bindings and their agents' names as this transaction sees
   *     them after the update (read in the same statement where the store allows)
   */
  WithBindings update(PhoneNumber number, ChangeFeed.Entry change);

  /** Removes an external number that has no trunks or bindings left. */
  void delete(OrganizationId organizationId, PhoneNumberId id);

  Page<PhoneNumber, NumberCursor> list(OrganizationId organizationId, NumberQuery query);

  /** Active purchased numbers, the ones the purchase cap counts. */
  long countActivePurchased(OrganizationId organizationId);

  /**
   * The organization's numbers with these ids, in any order (an id it does not own is left out). A
   * database answers in one query; this default looks them up one by one, which is enough for small
   * in-memory stores.
   */
  default List<PhoneNumber> findAllById(
      OrganizationId organizationId, Collection<PhoneNumberId> ids) {
    return ids.stream().map(id -> findById(organizationId, id)).flatMap(Optional::stream).toList();
  }
}
