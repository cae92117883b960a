package io.switchboard.persistence;

import io.switchboard.application.port.IdempotencyStore;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The one place where PostgreSQL failures become domain errors, by SQLSTATE and constraint name.
 * Serialization failures and deadlocks are left alone: {@link JooqTransactions} retries them.
 */
public final class SqlErrors {
  public static final String UNIQUE_VIOLATION = "23505";
  public static final String FOREIGN_KEY_VIOLATION = "23503";
  public static final String SERIALIZATION_FAILURE = "40001";
  public static final String DEADLOCK_DETECTED = "40P01";
  public static final String QUERY_CANCELED = "57014";
  public static final String READ_ONLY_SQL_TRANSACTION = "25006";

  /**
   * Class 22, data exception: a value the database cannot hold or compare (out of range, malformed,
   * NUL in text).
   */
  public static final String DATA_EXCEPTION_CLASS = "22";

  /** Unique constraints → the reason and message the caller sees. */
  private static final Map<String, Duplicate> UNIQUE_REASONS =
      Map.of(
          "phone_numbers_held_number_key",
              new Duplicate(Reason.PHONE_NUMBER_ALREADY_HELD, "the phone number is already held"),
          "phone_numbers_pkey",
              new Duplicate(
                  Reason.PHONE_NUMBER_ALREADY_EXISTS, "a phone number with this id already exists"),
          "trunks_number_channel_key",
              new Duplicate(
                  Reason.TRUNK_ALREADY_EXISTS, "the number already has a trunk on this channel"),
          "trunks_pkey",
              new Duplicate(Reason.TRUNK_ALREADY_EXISTS, "a trunk with this id already exists"),
          "organizations_name_key",
              new Duplicate(
                  Reason.ORGANIZATION_ALREADY_EXISTS, "an organization with this name exists"),
          "organizations_pkey",
              new Duplicate(
                  Reason.ORGANIZATION_ALREADY_EXISTS, "an organization with this id exists"),
          "api_keys_secret_hash_key",
              new Duplicate(Reason.API_KEY_ALREADY_EXISTS, "an API key with this secret exists"),
          "api_keys_pkey",
              new Duplicate(Reason.API_KEY_ALREADY_EXISTS, "an API key with this id exists"),
          "bindings_pkey",
              new Duplicate(
                  Reason.BINDING_ALREADY_EXISTS,
                  "the number already has a binding on this channel"),
          "inventory_numbers_pkey",
              new Duplicate(
                  Reason.INVENTORY_NUMBER_ALREADY_EXISTS, "the number is already in stock"));

  private record Duplicate(Reason reason, String message) {}

  /** Another request stored its response under the key first: the caller answers from it. */
  private static final String IDEMPOTENCY_KEY = "idempotency_records_pkey";

  private SqlErrors() {}

  /** The SQLSTATE of the first SQLException in the cause chain. */
  public static Optional<String> sqlState(Throwable failure) {
    return sqlException(failure).map(SQLException::getSQLState);
  }

  /** Serialization failures and deadlocks: running the whole transaction again may well succeed. */
  public static boolean isRetryable(Throwable failure) {
    return sqlState(failure)
        .map(s -> s.equals(SERIALIZATION_FAILURE) || s.equals(DEADLOCK_DETECTED))
        .orElse(false);
  }

  /**
   * The domain error for a database failure, or {@code failure} itself when it is not one the
   * domain knows.
   */
  public static RuntimeException translate(RuntimeException failure) {
    return translateCause(failure).orElse(failure);
  }

  /** Same, for a checked SQLException raised outside jOOQ (connections, commits). */
  public static RuntimeException translate(SQLException failure) {
    return translateCause(failure)
        .orElseGet(() -> new IllegalStateException("database failure", failure));
  }

  private static Optional<RuntimeException> translateCause(Throwable failure) {
    if (failure instanceof io.switchboard.domain.error.DomainException) {
      return Optional.empty();
    }
    if (causeOfType(failure, SQLTransientConnectionException.class).isPresent()) {
      return Optional.of(databaseUnavailable()); // the pool had no connection to give in time
    }
    Optional<SQLException> sql = sqlException(failure);
    if (sql.isEmpty()) {
      return Optional.empty();
    }
    String state = Optional.ofNullable(sql.get().getSQLState()).orElse("");
    Optional<String> constraint = serverMessage(sql.get()).map(ServerErrorMessage::getConstraint);
    return switch (state) {
      case UNIQUE_VIOLATION ->
          Optional.of(
              IDEMPOTENCY_KEY.equals(constraint.orElse(""))
                  ? new IdempotencyStore.KeyTakenException(sql.get())
                  : alreadyExists(constraint.orElse("")));
      case FOREIGN_KEY_VIOLATION -> foreignKey(constraint.orElse(""), sql.get());
      case QUERY_CANCELED -> Optional.of(deadlineExceeded());
      case SERIALIZATION_FAILURE, DEADLOCK_DETECTED -> Optional.empty();
      default ->
          isUnavailable(state)
              ? Optional.of(databaseUnavailable())
              : state.startsWith(DATA_EXCEPTION_CLASS)
                  ? Optional.of(dataException())
                  : Optional.empty();
    };
  }

  static UnavailableException deadlineExceeded() {
    return new UnavailableException(
        Reason.DEADLINE_EXCEEDED, "the deadline passed before the database finished");
  }

  /**
   * A value that got past validation but not past PostgreSQL is the caller's input, not a fault of
   * the service: an invalid argument, without the SQL or the value (the database's message would
   * echo them).
   */
  static InvalidArgumentException dataException() {
    return InvalidArgumentException.withReason(
        Reason.VALUE_OUT_OF_RANGE,
        "request",
        "holds a value out of the range or format the service stores");
  }

  static UnavailableException databaseUnavailable() {
    return new UnavailableException(
        Reason.DATABASE_UNAVAILABLE, "the database is unavailable; retry later");
  }

  /**
   * Connection exceptions (08), out of resources (53), shutdown or not accepting connections
   * (57P01..57P03), and a write refused as read-only (25006): during a failover the write port may
   * briefly reach the new leader while it is still finishing recovery (Patroni reports it primary
   * as soon as it holds the leader lock), so the write is worth retrying in a moment, not an
   * internal error.
   */
  private static boolean isUnavailable(String state) {
    return state.startsWith("08")
        || state.startsWith("53")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03")
        || state.equals(READ_ONLY_SQL_TRANSACTION);
  }

  private static AlreadyExistsException alreadyExists(String constraint) {
    Duplicate duplicate = UNIQUE_REASONS.get(constraint);
    if (duplicate == null) {
      return new AlreadyExistsException(Reason.ALREADY_EXISTS, "the resource already exists");
    }
    return new AlreadyExistsException(duplicate.reason(), duplicate.message());
  }

  private static Optional<RuntimeException> foreignKey(String constraint, SQLException failure) {
    // A violation raised by a DELETE means something still refers to the row; by an INSERT, the
    // referent is missing.
    boolean stillReferenced =
        String.valueOf(failure.getMessage()).contains("update or delete on table");
    return Optional.of(
        switch (constraint) {
          case "bindings_agent_fkey" ->
              new NotFoundException(Reason.AGENT_NOT_FOUND, "the agent is not registered");
          case "trunks_phone_number_fkey" ->
              stillReferenced
                  ? new FailedPreconditionException(
                      Reason.PHONE_NUMBER_HAS_TRUNKS, "the phone number still has trunks")
                  : NotFoundException.of(Reason.PHONE_NUMBER_NOT_FOUND, "of the trunk");
          case "bindings_phone_number_fkey" ->
              NotFoundException.of(Reason.PHONE_NUMBER_NOT_FOUND, "of the binding");
          default ->
              stillReferenced
                  ? new FailedPreconditionException(
                      Reason.RESOURCE_IN_USE, "the resource is still referenced")
                  : new NotFoundException(
                      Reason.ORGANIZATION_NOT_FOUND, "the organization does not exist");
        });
  }

  private static Optional<ServerErrorMessage> serverMessage(SQLException failure) {
    return failure instanceof PSQLException psql
        ? Optional.ofNullable(psql.getServerErrorMessage())
        : Optional.empty();
  }

  /**
   * The first SQLException in the cause chain that carries a SQLSTATE: jOOQ wraps some driver
   * failures (one raised while reading a row, say) in an SQLException without a state, with the
   * driver's own exception as its cause.
   */
  private static Optional<SQLException> sqlException(Throwable failure) {
    Optional<SQLException> first = Optional.empty();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        if (sql.getSQLState() != null) {
          return Optional.of(sql);
        }
        first = first.or(() -> Optional.of(sql));
      }
    }
    return first;
  }

  private static <E extends Throwable> Optional<E> causeOfType(Throwable failure, Class<E> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}
