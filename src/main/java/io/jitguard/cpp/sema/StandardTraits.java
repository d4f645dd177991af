package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.ast.TemplateArg;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The standard type traits kernel code chooses types and branches with, evaluated on the
 * checker's types: {@code conditional_t}, {@code remove_cv_t}, {@code enable_if_t}, ... and
 * {@code is_same_v}, {@code is_integral_v}, ... Any other standard name is an opaque type.
 */
final class StandardTraits {
  private static final Set<String> IDENTITY = Set.of("remove_cv", "remove_const", "remove_volatile",
      "remove_reference", "remove_cvref", "type_identity", "add_const", "add_volatile", "add_cv",
      "add_lvalue_reference", "add_rvalue_reference", "remove_extent", "remove_all_extents");
  private static final Set<String> INTEGERS = Set.of("bool", "char", "signed char", "unsigned char", "short",
      "unsigned short", "int", "unsigned int", "long", "unsigned long", "long long", "unsigned long long", "wchar_t",
      "char16_t", "char32_t", "char8_t", "__int128", "unsigned __int128");
  private static final Set<String> FLOATS = Set.of("float", "double", "long double");

  private StandardTraits() {}

  /** {@code std::name<args>}: a trait alias evaluated, or an opaque standard type. */
  static Type type(String name, ImmutableList<TemplateArg> targs, Env env, TypeResolver r) {
    if (name.endsWith("_t") && targs != null) {
      Type t = memberType(name.substring(0, name.length() - 2), targs, "type", env, r);
      if (t != null) {
        return t;
      }
    }
    if (name.equals("nullptr_t") && targs == null) {
      return new Type.NullPtr();
    }
    if (targs != null) {
      List<Type> args = new ArrayList<>();
      for (TemplateArg a : targs) {
        args.add(r.argument(a, env));
      }
      return new Type.Named(name, ImmutableList.copyOf(args), null, null, com.google.common.collect.ImmutableMap.of(),
          false);
    }
    return Type.Named.opaque(name);
  }

  /** {@code std::trait<args>::type}, or null when the trait is not modelled. */
  static Type memberType(String trait, ImmutableList<TemplateArg> targs, String member, Env env, TypeResolver r) {
    if (!member.equals("type") || targs == null || targs.isEmpty()) {
      return null;
    }
    if (IDENTITY.contains(trait) || trait.equals("decay")) {
      Type t = r.argument(targs.get(0), env);
      return trait.equals("decay") && t.strip() instanceof Type.Array a ? new Type.Pointer(a.element(), false, false)
          : t;
    }
    switch (trait) {
      case "remove_pointer": {
        Type t = r.argument(targs.get(0), env);
        return t.strip() instanceof Type.Pointer p ? p.pointee() : t;
      }
      case "add_pointer":
        return new Type.Pointer(r.argument(targs.get(0), env), false, false);
      case "conditional": {
        if (targs.size() != 3) {
          return new Type.Unknown("conditional");
        }
        OptionalLong c = condition(targs.get(0), env, r);
        if (c.isEmpty()) {
          return new Type.Unknown("a condition the checker cannot evaluate");
        }
        return r.argument(targs.get(c.getAsLong() != 0 ? 1 : 2), env);
      }
      case "enable_if": {
        OptionalLong c = condition(targs.get(0), env, r);
        if (c.isEmpty() || c.getAsLong() == 0) {
          return new Type.Unknown("enable_if");
        }
        return targs.size() > 1 ? r.argument(targs.get(1), env) : Type.VOID;
      }
      case "common_type": {
        Type first = null;
        for (TemplateArg a : targs) {
          Type t = r.argument(a, env);
          if (!t.known() || (first != null && !first.canonical().equals(t.canonical()))) {
            return new Type.Unknown("common_type");
          }
          first = first == null ? t : first;
        }
        return first;
      }
      default:
        return null;
    }
  }

  private static OptionalLong condition(TemplateArg arg, Env env, TypeResolver r) {
    Type t = r.argument(arg, env);
    return t instanceof Type.Value v ? OptionalLong.of(v.value()) : OptionalLong.empty();
  }

  /** {@code std::is_same_v<A, B>} and the like, or {@code std::is_same<A, B>::value}; empty when not known. */
  static OptionalLong value(String trait, ImmutableList<TemplateArg> targs, Env env, TypeResolver r) {
    if (targs == null || targs.isEmpty()) {
      return OptionalLong.empty();
    }
    String base = trait.endsWith("_v") ? trait.substring(0, trait.length() - 2) : trait;
    if (base.equals("integral_constant") && targs.size() == 2 || base.equals("bool_constant")) {
      return r.argument(targs.get(targs.size() - 1), env) instanceof Type.Value v ? OptionalLong.of(v.value())
          : OptionalLong.empty();
    }
    Type a = r.argument(targs.get(0), env);
    if (!a.known()) {
      return OptionalLong.empty();
    }
    Type s = a.strip();
    switch (base) {
      case "is_same": {
        if (targs.size() != 2) {
          return OptionalLong.empty();
        }
        Type b = r.argument(targs.get(1), env);
        if (!b.known()) {
          return OptionalLong.empty();
        }
        return bool(a.canonical().equals(b.canonical()));
      }
      case "is_integral":
        return bool(s instanceof Type.Builtin bt && INTEGERS.contains(bt.name()));
      case "is_floating_point":
        return bool(s instanceof Type.Builtin bt && FLOATS.contains(bt.name()));
      case "is_arithmetic":
        return bool(s instanceof Type.Builtin bt && (INTEGERS.contains(bt.name()) || FLOATS.contains(bt.name())));
      case "is_pointer":
        return bool(s instanceof Type.Pointer);
      case "is_void":
        return bool(s instanceof Type.Builtin bt && bt.name().equals("void"));
      case "is_array":
        return bool(s instanceof Type.Array);
      case "is_enum":
        return bool(s instanceof Type.Enumeration);
      case "is_unsigned":
        return bool(s instanceof Type.Builtin bt && (bt.name().startsWith("unsigned") || bt.name().equals("bool")));
      case "is_signed":
        return bool(s instanceof Type.Builtin bt && !bt.name().startsWith("unsigned") && !bt.name().equals("bool")
            && (INTEGERS.contains(bt.name()) || FLOATS.contains(bt.name())));
      default:
        return OptionalLong.empty();
    }
  }

  private static OptionalLong bool(boolean b) {
    return OptionalLong.of(b ? 1 : 0);
  }
}
