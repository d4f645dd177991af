package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.ast.QualifiedName;
import io.jitguard.cpp.ast.TemplateArg;
import io.jitguard.cpp.model.CudaNames;
import io.jitguard.cpp.model.StdNames;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Evaluates the integral constant expressions that choose specializations and {@code if
 * constexpr} branches: literals, enumerators, {@code constexpr} variables and static members
 * (also of bound template parameters, {@code KTraits::NUM_STAGES}), value template parameters,
 * {@code sizeof} of the types whose size is fixed, arithmetic, comparisons, casts, and the standard
 * traits. Anything else has no value here: empty, never a guess.
 */
final class ConstantEvaluator {
  static final int MAX_DEPTH = 64;

  private final TypeResolver resolver;
  private final Set<Object> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Values of constant variables and static members, by declaration and the template arguments they were read with. */
  private final Map<Object, Map<String, OptionalLong>> values = new IdentityHashMap<>();
  private int depth;

  ConstantEvaluator(TypeResolver resolver) {
    this.resolver = resolver;
  }

  OptionalLong evaluate(Expr e, Env env) {
    if (e == null) {
      return OptionalLong.empty();
    }
    resolver.step();
    if (++depth > MAX_DEPTH) {
      depth--;
      return OptionalLong.empty();
    }
    try {
      return eval(e, env);
    } catch (ArithmeticException | NumberFormatException ex) {
      return OptionalLong.empty();
    } finally {
      depth--;
    }
  }

  private OptionalLong eval(Expr e, Env env) {
    if (e instanceof Expr.Literal l) {
      return literal(l);
    } else if (e instanceof Expr.Name n) {
      return name(n.name(), env);
    } else if (e instanceof Expr.Unary u) {
      OptionalLong v = evaluate(u.operand(), env);
      if (v.isEmpty() || u.postfix()) {
        return OptionalLong.empty();
      }
      long x = v.getAsLong();
      return switch (u.op()) {
        case "-" -> OptionalLong.of(-x);
        case "+" -> v;
        case "~" -> OptionalLong.of(~x);
        case "!" -> OptionalLong.of(x == 0 ? 1 : 0);
        default -> OptionalLong.empty();
      };
    } else if (e instanceof Expr.Binary b) {
      return binary(b, env);
    } else if (e instanceof Expr.Conditional c) {
      OptionalLong cond = evaluate(c.condition(), env);
      if (cond.isEmpty()) {
        return OptionalLong.empty();
      }
      return evaluate(cond.getAsLong() != 0 ? c.whenTrue() : c.whenFalse(), env);
    } else if (e instanceof Expr.Cast c) {
      if (c.operands().size() != 1) {
        return OptionalLong.empty();
      }
      OptionalLong v = evaluate(c.operands().get(0), env);
      if (v.isEmpty()) {
        return v;
      }
      Type t = resolver.resolve(c.type(), env).strip();
      return t instanceof Type.Builtin bt ? convert(v.getAsLong(), bt.name()) : v;
    } else if (e instanceof Expr.Special s) {
      if ((s.keyword().equals("sizeof") || s.keyword().contains("align")) && s.type() != null) {
        Type t = resolver.resolve(s.type(), env);
        return s.keyword().equals("sizeof") ? sizeOf(t) : alignOf(t);
      }
      return OptionalLong.empty();
    } else if (e instanceof Expr.Call c) {
      // std::is_same<A, B>() and integral_constant{}(): the value of the trait
      if (c.args().isEmpty() && c.callee() instanceof Expr.Name n) {
        return name(n.name(), env);
      }
      return OptionalLong.empty();
    } else {
      return OptionalLong.empty();
    }
  }

  private OptionalLong binary(Expr.Binary b, Env env) {
    String op = b.op().text();
    OptionalLong l = evaluate(b.left(), env);
    if (op.equals("&&") && l.isPresent() && l.getAsLong() == 0) {
      return OptionalLong.of(0);
    }
    if (op.equals("||") && l.isPresent() && l.getAsLong() != 0) {
      return OptionalLong.of(1);
    }
    OptionalLong r = evaluate(b.right(), env);
    if (op.equals("&&") && r.isPresent() && r.getAsLong() == 0) {
      return OptionalLong.of(0);
    }
    if (op.equals("||") && r.isPresent() && r.getAsLong() != 0) {
      return OptionalLong.of(1);
    }
    if (l.isEmpty() || r.isEmpty()) {
      return OptionalLong.empty();
    }
    long x = l.getAsLong();
    long y = r.getAsLong();
    return switch (op) {
      case "+" -> OptionalLong.of(x + y);
      case "-" -> OptionalLong.of(x - y);
      case "*" -> OptionalLong.of(x * y);
      case "/" -> y == 0 ? OptionalLong.empty() : OptionalLong.of(x / y);
      case "%" -> y == 0 ? OptionalLong.empty() : OptionalLong.of(x % y);
      case "<<" -> y < 0 || y > 63 ? OptionalLong.empty() : OptionalLong.of(x << y);
      case ">>" -> y < 0 || y > 63 ? OptionalLong.empty() : OptionalLong.of(x >> y);
      case "&" -> OptionalLong.of(x & y);
      case "|" -> OptionalLong.of(x | y);
      case "^" -> OptionalLong.of(x ^ y);
      case "==" -> bool(x == y);
      case "!=" -> bool(x != y);
      case "<" -> bool(x < y);
      case ">" -> bool(x > y);
      case "<=" -> bool(x <= y);
      case ">=" -> bool(x >= y);
      case "&&" -> bool(x != 0 && y != 0);
      case "||" -> bool(x != 0 || y != 0);
      case "," -> r;
      default -> OptionalLong.empty();
    };
  }

  private static OptionalLong bool(boolean b) {
    return OptionalLong.of(b ? 1 : 0);
  }

  static OptionalLong literal(Expr.Literal l) {
    switch (l.kind()) {
      case BOOLEAN:
        return bool(l.start().text().equals("true"));
      case NULLPTR:
        return OptionalLong.of(0);
      case CHARACTER: {
        String t = l.start().text();
        return t.length() == 3 && t.charAt(0) == '\'' ? OptionalLong.of(t.charAt(1)) : OptionalLong.empty();
      }
      case INTEGER:
        return integer(l.start().text());
      default:
        return OptionalLong.empty();
    }
  }

  static OptionalLong integer(String text) {
    String t = text.replace("'", "").toLowerCase(Locale.ROOT);
    while (!t.isEmpty() && (t.endsWith("u") || t.endsWith("l") || t.endsWith("z"))) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.isEmpty()) {
      return OptionalLong.empty();
    }
    if (t.startsWith("0x")) {
      return OptionalLong.of(Long.parseUnsignedLong(t.substring(2), 16));
    }
    if (t.startsWith("0b")) {
      return OptionalLong.of(Long.parseUnsignedLong(t.substring(2), 2));
    }
    if (t.length() > 1 && t.startsWith("0")) {
      return OptionalLong.of(Long.parseUnsignedLong(t.substring(1), 8));
    }
    return OptionalLong.of(Long.parseUnsignedLong(t));
  }

  private static OptionalLong convert(long v, String builtin) {
    return switch (builtin) {
      case "bool" -> bool(v != 0);
      case "int" -> OptionalLong.of((int) v);
      case "unsigned int" -> OptionalLong.of(v & 0xffffffffL);
      case "short" -> OptionalLong.of((short) v);
      case "unsigned short" -> OptionalLong.of(v & 0xffff);
      case "char", "signed char" -> OptionalLong.of((byte) v);
      case "unsigned char" -> OptionalLong.of(v & 0xff);
      case "float", "double", "long double" -> OptionalLong.empty();
      default -> OptionalLong.of(v);
    };
  }

  private OptionalLong name(QualifiedName name, Env env) {
    String last = name.lastName();
    ImmutableList<TemplateArg> targs = name.last().templateArgs();
    if (!name.isQualified()) {
      if (env.locals() != null && env.locals().variable(last) != null) {
        return env.locals().constant(last);
      }
      if (env.bound().containsKey(last)) {
        return env.bound().get(last) instanceof Type.Value v ? OptionalLong.of(v.value()) : OptionalLong.empty();
      }
      if (env.unbound().contains(last)) {
        return OptionalLong.empty();
      }
      if (env.self() != null) {
        Members.Found found = resolver.members().lookup(env.self(), last);
        if (!found.entries().isEmpty()) {
          return fromEntries(found.entries(), targs, resolver.members().envOf(found.owner()), env);
        }
      }
      return fromEntries(resolver.lookupSkipping(env.scope(), last), targs, null, env);
    }
    QualifiedName prefix = new QualifiedName(name.global(), name.parts().subList(0, name.parts().size() - 1));
    String qualifier = qualifierOf(prefix);
    if (StdNames.isStdQualifier(qualifier)) {
      return StandardTraits.value(last, targs, env, resolver);
    }
    if (last.equals("value") && prefix.parts().size() >= 2 && StdNames.isStdQualifier(qualifierOf(
        new QualifiedName(prefix.global(), prefix.parts().subList(0, prefix.parts().size() - 1))))) {
      return StandardTraits.value(prefix.lastName(), prefix.last().templateArgs(), env, resolver);
    }
    Scope ns = resolver.table().resolveNamespace(prefix, env.scope());
    if (ns != null) {
      return fromEntries(ns.member(last), targs, null, env);
    }
    Type owner = resolver.resolveName(prefix, env).strip();
    if (owner instanceof Type.Enumeration en) {
      for (Decl.Enumerator x : en.decl().enumerators()) {
        if (x.name().equals(last)) {
          return enumerator(x, env);
        }
      }
      return OptionalLong.empty();
    }
    if (owner instanceof Type.Named n && n.decl() != null && n.scope() != null) {
      Members.Found found = resolver.members().lookup(n, last);
      return fromEntries(found.entries(), targs, resolver.members().envOf(found.owner()), env);
    }
    return OptionalLong.empty();
  }

  private static String qualifierOf(QualifiedName prefix) {
    return prefix.parts().stream().map(QualifiedName.Part::name).reduce((a, b) -> a + "::" + b).orElse("");
  }

  /** The value of what a name found: a constant variable, a static constant member, an enumerator. */
  private OptionalLong fromEntries(List<Object> entries, ImmutableList<TemplateArg> targs, Env ownerEnv, Env useEnv) {
    for (Object o : entries) {
      if (inProgress.contains(o)) {
        continue;
      }
      if (o instanceof Decl.Enumerator en) {
        return enumerator(en, useEnv);
      } else if (o instanceof Decl.Var v && v.init() != null) {
        return constantVariable(v, v.init(), v.templateParams(), targs, ownerEnv, useEnv);
      } else if (o instanceof Decl.Field f && f.isStatic() && f.init() != null) {
        return constantVariable(f, f.init(), null, targs, ownerEnv, useEnv);
      }
    }
    return OptionalLong.empty();
  }

  private OptionalLong constantVariable(Decl d, Expr init, ImmutableList<Decl.TemplateParam> tparams,
      ImmutableList<TemplateArg> targs, Env ownerEnv, Env useEnv) {
    Expr value = init instanceof Expr.InitList l && l.items().size() == 1 ? l.items().get(0) : init;
    Env env = ownerEnv != null ? ownerEnv : Env.of(resolver.table().scopeOf(d));
    if (tparams != null && !tparams.isEmpty()) { // a variable template: has_member_v<T>
      if (targs == null) {
        return OptionalLong.empty();
      }
      Map<String, Type> b = new java.util.LinkedHashMap<>(env.bound());
      for (int i = 0; i < tparams.size(); i++) {
        if (i >= targs.size() || tparams.get(i).pack()) {
          return OptionalLong.empty();
        }
        b.put(tparams.get(i).name(), resolver.argument(targs.get(i), useEnv));
      }
      env = new Env(env.scope(), com.google.common.collect.ImmutableMap.copyOf(b), env.unbound(), null, env.self(),
          false);
    }
    StringBuilder key = new StringBuilder();
    env.bound().forEach((n, v) -> key.append(n).append('=').append(v.canonical()).append(v.known() ? ";" : "?;"));
    Map<String, OptionalLong> perDecl = values.computeIfAbsent(d, k -> new java.util.HashMap<>());
    OptionalLong cached = perDecl.get(key.toString());
    if (cached != null) {
      return cached;
    }
    inProgress.add(d);
    try {
      OptionalLong v = evaluate(value, env);
      perDecl.put(key.toString(), v);
      return v;
    } finally {
      inProgress.remove(d);
    }
  }

  private OptionalLong enumerator(Decl.Enumerator en, Env env) {
    Decl.Enum e = resolver.table().enumOf(en);
    return e == null ? OptionalLong.empty() : enumValue(e, en);
  }

  private OptionalLong enumValue(Decl.Enum e, Decl.Enumerator target) {
    long next = 0;
    Env env = Env.of(resolver.table().scopeOf(target));
    for (Decl.Enumerator x : e.enumerators()) {
      if (x.value() != null) {
        if (inProgress.contains(x)) {
          return OptionalLong.empty();
        }
        inProgress.add(x);
        try {
          OptionalLong v = evaluate(x.value(), env);
          if (v.isEmpty()) {
            if (x == target) {
              return v;
            }
            next = Long.MIN_VALUE;
            continue;
          }
          next = v.getAsLong();
        } finally {
          inProgress.remove(x);
        }
      }
      if (x == target) {
        return next == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(next);
      }
      if (next != Long.MIN_VALUE) {
        next++;
      }
    }
    return OptionalLong.empty();
  }

  /** {@code sizeof} where every target agrees: builtins, pointers, the CUDA element and vector types. */
  static OptionalLong sizeOf(Type t) {
    Type s = t.strip();
    if (s instanceof Type.Pointer) {
      return OptionalLong.of(8);
    }
    if (s instanceof Type.Builtin b) {
      return switch (b.name()) {
        case "bool", "char", "signed char", "unsigned char", "char8_t" -> OptionalLong.of(1);
        case "short", "unsigned short", "char16_t" -> OptionalLong.of(2);
        case "int", "unsigned int", "float", "char32_t", "wchar_t" -> OptionalLong.of(4);
        case "long", "unsigned long", "long long", "unsigned long long", "double" -> OptionalLong.of(8);
        case "long double", "__int128", "unsigned __int128" -> OptionalLong.of(16);
        default -> OptionalLong.empty();
      };
    }
    if (s instanceof Type.Named n && n.cudaType()) {
      return CudaNames.sizeOf(n.name());
    }
    return OptionalLong.empty();
  }

  private static OptionalLong alignOf(Type t) {
    OptionalLong size = sizeOf(t);
    if (size.isEmpty() || size.getAsLong() == 12) {
      return OptionalLong.empty();
    }
    return size;
  }
}
