package io.jitguard.bindings;

import com.google.common.collect.ImmutableList;
import io.jitguard.source.SourceLocation;
import java.util.Optional;

/**
 * A Python call of a name a C++ extension may register: {@code torch.ops.<ns>.<name>(...)},
 * {@code <receiver>.<name>.default(...)} (an operator overload) or {@code <module>.<name>(...)}.
 *
 * @param at the registered name in the call
 * @param namespace the operator namespace of a {@code torch.ops} call
 * @param positional positional arguments
 * @param keywords the names of keyword arguments, in order
 * @param unpacked whether {@code *args} or {@code **kwargs} make the count unknown
 */
public record PyCall(SourceLocation at, String name, Optional<String> namespace, int positional,
    ImmutableList<String> keywords, boolean unpacked) {
  /** Every argument, positional and keyword. */
  public int argCount() {
    return positional + keywords.size();
  }
}
