package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
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
   * A class type: a record declared in the sources with its template arguments, a CUDA type such
   * as {@code __nv_bfloat16}, or an opaque name from a header the checker did not read (not
   * known). {@code decl} is the definition that applies to these arguments (a partial or explicit
   * specialization, or the primary template), {@code bindings} its template parameters' values.
   */
  record Named(String name, ImmutableList<Type> args, Decl.Record decl, Scope scope,
      ImmutableMap<String, Type> bindings, boolean cudaType) implements Type {
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

    static Named opaque(String name) {
      return new Named(name, ImmutableList.of(), null, null, ImmutableMap.of(), false);
    }

    static Named cuda(String name) {
      return new Named(name, ImmutableList.of(), null, null, ImmutableMap.of(), true);
    }
  }

  /** An enumeration type; the checker does not convert pointers to or from it. */
  record Enumeration(String name, Decl.Enum decl) implements Type {
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

  /** A non-type template argument whose value is known: {@code vec_t<half, 8>}. */
  record Value(long value) implements Type {
    public String written() {
      return Long.toString(value);
    }

    public String canonical() {
      return written();
    }

    public boolean known() {
      return true;
    }
  }

  /** A lambda: calls of it are checked against its parameters. */
  record Lambda(Expr.Lambda node, Object environment) implements Type {
    public String written() {
      return "<lambda>";
    }

    public String canonical() {
      return "<lambda@" + node.start().location() + ">";
    }

    public boolean known() {
      return false;
    }
  }

  /** A function named as a value ({@code auto k = kernel<T>;}), with its template arguments. */
  record FunctionRef(Decl.Function function, ImmutableMap<String, Type> bindings) implements Type {
    public String written() {
      return function.name().toString();
    }

    public String canonical() {
      return written();
    }

    public boolean known() {
      return false;
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
  Type VOID = new Builtin("void");
  Type SIZE = new Builtin("unsigned long");
  Type UNKNOWN = new Unknown("unknown");

  /** {@code 'float *'} or {@code 'DTypeO *' (aka '__nv_bfloat16 *')}, clang style. */
  static String describe(Type t) {
    String w = t.written();
    String c = t.canonical();
    return w.equals(c) ? "'" + w + "'" : "'" + w + "' (aka '" + c + "')";
  }

  /** Whether a type is a class the checker reads (not a CUDA type, not opaque). */
  static boolean isRecord(Type t) {
    return t.strip() instanceof Named n && n.decl() != null;
  }
}
