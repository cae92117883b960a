package io.switchboard.domain.common;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One field of a partial update, in three states: leave it as it is ({@link Keep}), set it ({@link
 * Set}) or clear it ({@link Clear}). The transports decide which wire form means which (absent or
 * null means keep, an empty string means clear, ...); the domain only sees the intent.
 */
public sealed interface Patch<T> {

  @SuppressWarnings("unchecked")
  static <T> Patch<T> keep() {
    return (Patch<T>) Keep.INSTANCE;
  }

  static <T> Patch<T> set(T value) {
    return new Set<>(value);
  }

  @SuppressWarnings("unchecked")
  static <T> Patch<T> clear() {
    return (Patch<T>) Clear.INSTANCE;
  }

  /** Keep when {@code value} is null, else set. */
  static <T> Patch<T> setIfPresent(T value) {
    return value == null ? keep() : set(value);
  }

  /** The new optional value given the current one. */
  default Optional<T> applyTo(Optional<T> current) {
    return switch (this) {
      case Keep<T> k -> current;
      case Set<T> s -> Optional.of(s.value());
      case Clear<T> c -> Optional.empty();
    };
  }

  /** The new value given the current one, {@code cleared} standing for "no value". */
  default T applyTo(T current, T cleared) {
    return switch (this) {
      case Keep<T> k -> current;
      case Set<T> s -> s.value();
      case Clear<T> c -> cleared;
    };
  }

  default boolean isKeep() {
    return this instanceof Keep;
  }

  default <R> Patch<R> map(Function<? super T, ? extends R> mapper) {
    return switch (this) {
      case Keep<T> k -> keep();
      case Set<T> s -> set(mapper.apply(s.value()));
      case Clear<T> c -> clear();
    };
  }

  final class Keep<T> implements Patch<T> {
    private static final Keep<?> INSTANCE = new Keep<>();

    private Keep() {}

    @Override
    public String toString() {
      return "keep";
    }
  }

  record Set<T>(T value) implements Patch<T> {
    public Set {
      Objects.requireNonNull(value, "value");
    }
  }

  final class Clear<T> implements Patch<T> {
    private static final Clear<?> INSTANCE = new Clear<>();

    private Clear() {}

    @Override
    public String toString() {
      return "clear";
    }
  }
}
