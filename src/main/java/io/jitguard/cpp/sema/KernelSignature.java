package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * An entry point's parameter list as the front end sees it once the template arguments are
 * substituted: each parameter's name, type, size and alignment, and where it sits in the kernel's
 * parameter buffer (each parameter at the next offset that its alignment allows, as the CUDA ABI lays
 * them out). A launch from the host is checked against it.
 *
 * @param entry the name expression ({@code ns::kernel<__nv_bfloat16, int>})
 */
public record KernelSignature(String entry, ImmutableList<Param> params) {

  /** How a parameter is passed. */
  public enum Kind {
    /** A pointer: a device buffer (or any address, for {@code void *}). */
    POINTER,
    /** An arithmetic, enumeration or CUDA element type, by value. */
    SCALAR,
    /** A class type by value: its bytes. */
    RECORD,
    /** A type the front end could not work out: no launch can be checked against it. */
    UNKNOWN
  }

  /**
   * One parameter. {@code type} is the canonical type ({@code const float *}); for a pointer,
   * {@code pointee} is what it points to without its const ({@code float}), else empty. Size,
   * alignment and offset are -1 where the front end could not work them out.
   */
  public record Param(String name, String type, Kind kind, Optional<String> pointee, boolean pointeeConst, long size,
      long align, long offset) {}

  /** Whether every parameter's kind and place is known, so that a launch can be checked in full. */
  public boolean complete() {
    return params.stream().allMatch(p -> p.kind() != Kind.UNKNOWN && p.size() >= 0 && p.offset() >= 0);
  }

  /** The bytes of the parameter buffer: the end of the last parameter, or -1 when not known. */
  public long bufferBytes() {
    if (!complete()) {
      return -1;
    }
    return params.isEmpty() ? 0 : params.get(params.size() - 1).offset() + params.get(params.size() - 1).size();
  }

  /** Where the compiler put one parameter: its offset in the parameter buffer and its size. */
  public record Placement(long offset, long size) {}

  /**
   * How this signature disagrees with the parameters the compiled kernel declares (the CUBIN's), or
   * empty when every parameter's offset and size agree.
   */
  public Optional<String> disagreement(java.util.List<Placement> compiled) {
    if (compiled.size() != params.size()) {
      return Optional.of("the compiled kernel has " + compiled.size() + " parameters, the front end found "
          + params.size());
    }
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      Placement c = compiled.get(i);
      if (p.offset() != c.offset() || p.size() != c.size()) {
        return Optional.of("parameter " + (i + 1) + " '" + p.name() + "' (" + p.type() + ") is " + c.size()
            + " bytes at offset " + c.offset() + " in the compiled kernel, " + p.size() + " at " + p.offset()
            + " by the front end");
      }
    }
    return Optional.empty();
  }

  /** {@code (const float *partial_o, unsigned int num_heads)}. */
  public String describeParams() {
    StringBuilder b = new StringBuilder("(");
    for (Param p : params) {
      b.append(b.length() == 1 ? "" : ", ").append(p.type()).append(p.type().endsWith("*") ? "" : " ").append(p.name());
    }
    return b.append(')').toString();
  }
}
