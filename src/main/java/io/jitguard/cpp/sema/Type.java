package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.ast.Decl;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A type as the checker understands it. {@link #written()} keeps the names the user wrote
 * ({@code DTypeO *}); {@link #canonical()} resolves aliases and bound template parameters
 * ({@code __nv_bfloat16 *}). A type the checker cannot know (a dependent or opaque one) reports
 * {@link #known()} false, and no check draws a conclusion from it: precision first.
 */
public sealed interface Type {
  String written();

  String canonical();

  boolean known();

  /** The type with aliases and bound parameters peeled off the outside. */
  default Type strip() {
    return this;
  }

  record Builtin(String name) implements Type {
    public String written() {
      return name;
    }

    public String canonical() {
      return name;
    }

    public boolean known() {
      return true;
    }
  }

  /**
   * A class type: a record declared in the sources (with template arguments), a CUDA type such as
   * {@code __nv_bfloat16}, or an opaque name from a header the checker did not read (not known).
   */
  record Named(String name, ImmutableList<Type> args, Decl.Record decl, Scope scope, boolean cudaType) implements Type {
    public String written() {
      return name + (args.isEmpty() ? "" : "<" + args.stream().map(Type::written).collect(Collectors.joining(", ")) + ">");
    }

    public String canonical() {
      return name + (args.isEmpty() ? "" : "<" + args.stream().map(Type::canonical).collect(Collectors.joining(", "))
          + ">");
    }

    public boolean known() {
      return (decl != null || cudaType) && args.stream().allMatch(Type::known);
    }
  }

  /** A pointer; the pointee's const and volatile are kept here. */
  record Pointer(Type pointee, boolean pointeeConst, boolean pointeeVolatile) implements Type {
    public String written() {
      return cv() + pointee.written() + " *";
    }

    public String canonical() {
      return cv() + pointee.canonical() + " *";
    }

    private String cv() {
      return (pointeeConst ? "const " : "") + (pointeeVolatile ? "volatile " : "");
    }

    public boolean known() {
      return pointee.known();
    }
  }

  /** A name standing for another type: a typedef, an alias, or a bound template parameter. */
  record Sugar(String name, Type target) implements Type {
    public String written() {
      return name;
    }

    public String canonical() {
      return target.canonical();
    }

    public boolean known() {
      return target.known();
    }

    @Override
    public Type strip() {
      return target.strip();
    }
  }

  record Array(Type element) implements Type {
    public String written() {
      return element.written() + "[]";
    }

    public String canonical() {
      return element.canonical() + "[]";
    }

    public boolean known() {
      return element.known();
    }
  }

  record NullPtr() implements Type {
    public String written() {
      return "std::nullptr_t";
    }

    public String canonical() {
      return written();
    }

    public boolean known() {
      return true;
    }
  }

  /** Dependent on an unbound template parameter, or beyond what the checker models. */
  record Unknown(String why) implements Type {
    public String written() {
      return "<unknown>";
    }

    public String canonical() {
      return written();
    }

    public boolean known() {
      return false;
    }
  }

  Type INT = new Builtin("int");
  Type BOOL = new Builtin("bool");
  Type DOUBLE = new Builtin("double");
  Type FLOAT = new Builtin("float");
  Type CHAR = new Builtin("char");
  Type UNKNOWN = new Unknown("unknown");

  /** Standard integer typedefs whose meaning is the same under NVRTC on every target. */
  Map<String, String> FIXED_TYPEDEFS = Map.of("int8_t", "signed char", "uint8_t", "unsigned char", "int16_t", "short",
      "uint16_t", "unsigned short", "int32_t", "int", "uint32_t", "unsigned int", "half", "__half", "half2", "__half2",
      "nv_bfloat16", "__nv_bfloat16", "nv_bfloat162", "__nv_bfloat162");

  /** {@code 'float *'} or {@code 'DTypeO *' (aka '__nv_bfloat16 *')}, clang style. */
  static String describe(Type t) {
    String w = t.written();
    String c = t.canonical();
    return w.equals(c) ? "'" + w + "'" : "'" + w + "' (aka '" + c + "')";
  }
}
