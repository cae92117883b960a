package io.switchboard.application.common;

import io.switchboard.application.port.AgentRepository;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds held numbers by reference and dresses them with their bindings and agent names. */
public final class NumberViews {
  private final PhoneNumberRepository numbers;
  private final BindingRepository bindings;
  private final AgentRepository agents;

  public NumberViews(
      PhoneNumberRepository numbers, BindingRepository bindings, AgentRepository agents) {
    this.numbers = numbers;
    this.bindings = bindings;
    this.agents = agents;
  }

  /** The organization's held number; released or foreign numbers are not found. */
  public PhoneNumber findHeld(OrganizationId org, PhoneNumberRef ref) {
    Optional<PhoneNumber> found =
        switch (ref) {
          case PhoneNumberRef.ById byId -> numbers.findById(org, byId.id());
          case PhoneNumberRef.ByNumber byNumber -> numbers.findHeld(org, byNumber.number());
        };
    return found.filter(n -> !n.isReleased()).orElseThrow(() -> notFound(ref));
  }

  /** Same, with a row lock held until the transaction ends. */
  public PhoneNumber lockHeld(OrganizationId org, PhoneNumberRef ref) {
    PhoneNumberId id =
        switch (ref) {
          case PhoneNumberRef.ById byId -> byId.id();
          case PhoneNumberRef.ByNumber byNumber ->
              numbers.findHeld(org, byNumber.number()).orElseThrow(() -> notFound(ref)).id();
        };
    return numbers.lockById(org, id).filter(n -> !n.isReleased()).orElseThrow(() -> notFound(ref));
  }

  public static NotFoundException notFound(PhoneNumberRef ref) {
    return NotFoundException.of(Reason.PHONE_NUMBER_NOT_FOUND, ref.toString());
  }

  /** The view of a number read together with its bindings and agent names. */
  public static PhoneNumberView view(PhoneNumberRepository.WithBindings read) {
    return views(List.of(read.number()), read.bindings(), read.agentNames()).get(0);
  }

  public PhoneNumberView view(PhoneNumber number) {
    return views(number.organizationId(), List.of(number)).get(0);
  }

  /**
   * The organization's held number as a view, read in one statement (number, bindings and agent
   * names in one snapshot); released or foreign numbers are not found.
   */
  public PhoneNumberView findHeldView(OrganizationId org, PhoneNumberRef ref) {
    Optional<PhoneNumberRepository.WithBindings> found =
        switch (ref) {
          case PhoneNumberRef.ById byId -> numbers.findByIdWithBindings(org, byId.id());
          case PhoneNumberRef.ByNumber byNumber ->
              numbers.findHeldWithBindings(org, byNumber.number());
        };
    PhoneNumberRepository.WithBindings read =
        found.filter(n -> !n.number().isReleased()).orElseThrow(() -> notFound(ref));
    return view(read);
  }

  /**
   * Views of many numbers of one organization with one query (bindings joined with agents),
   * whatever the count.
   */
  public List<PhoneNumberView> views(OrganizationId org, List<PhoneNumber> page) {
    if (page.isEmpty()) {
      return List.of();
    }
    BindingRepository.Named named =
        bindings.findByNumbersWithAgentNames(
            org, page.stream().map(PhoneNumber::id).toList(), agents);
    return views(page, named.bindings(), named.agentNames());
  }

  private static List<PhoneNumberView> views(
      List<PhoneNumber> page, List<Binding> all, Map<AgentId, String> names) {
    var byNumber = new HashMap<PhoneNumberId, Map<BindingChannel, BoundAgent>>();
    for (Binding b : all) {
      byNumber
          .computeIfAbsent(b.phoneNumberId(), k -> new EnumMap<>(BindingChannel.class))
          .put(
              b.channel(),
              new BoundAgent(
                  b.channel(),
                  b.agentId(),
                  Optional.ofNullable(names.get(b.agentId())),
                  b.boundAt()));
    }
    return page.stream()
        .map(n -> new PhoneNumberView(n, byNumber.getOrDefault(n.id(), Map.of())))
        .toList();
  }
}
