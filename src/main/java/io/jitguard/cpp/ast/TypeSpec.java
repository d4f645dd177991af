package io.jitguard.cpp.ast;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.lex.Token;

/**
 * A type as written: a base (a builtin such as {@code unsigned int}, a possibly qualified name,
 * {@code auto}, or something the parser keeps opaque such as {@code decltype(...)}), the base's
 * const/volatile, then pointer levels (each with its own cv), a reference, array dimensions.
 */
public record TypeSpec(
    Token start, String builtin, QualifiedName name, boolean isAuto, boolean opaque, boolean isConst,
    boolean isVolatile, ImmutableList<PointerLevel> pointers, Ref ref, int arrayDims, boolean pack) {

  public enum Ref { NONE, LVALUE, RVALUE }

  /** One {@code *}, with the const/volatile written after it (which qualify the pointer itself). */
  public record PointerLevel(boolean isConst, boolean isVolatile) {}

  public TypeSpec withPointers(ImmutableList<PointerLevel> p, Ref r, int arrays, boolean isPack) {
    return new TypeSpec(start, builtin, name, isAuto, opaque, isConst, isVolatile, p, r, arrays, isPack);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (isConst) {
      b.append("const ");
    }
    if (isVolatile) {
      b.append("volatile ");
    }
    b.append(builtin != null ? builtin : name != null ? name.toString() : isAuto ? "auto" : "<type>");
    if (!pointers.isEmpty()) {
      b.append(' ');
    }
    for (PointerLevel p : pointers) {
      b.append('*');
      if (p.isConst()) {
        b.append(" const");
      }
    }
    if (ref == Ref.LVALUE) {
      b.append(" &");
    } else if (ref == Ref.RVALUE) {
      b.append(" &&");
    }
    b.append("[]".repeat(arrayDims));
    return b.toString();
  }
}
