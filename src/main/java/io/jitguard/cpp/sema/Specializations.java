package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.ast.TemplateArg;
import io.jitguard.cpp.ast.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which definition of a class template applies to some arguments: the explicit specialization
 * that matches, else the most specialized matching partial specialization, else the primary
 * template. When an argument the choice depends on is unknown, or two partial specializations
 * match and neither is more specialized, there is no answer: the type stays unknown.
 */
final class Specializations {
  /** The definition that applies and its template parameters' values. */
  record Choice(Decl.Record record, ImmutableMap<String, Type> bindings) {}

  private enum Outcome { MATCH, NO, MAYBE }

  private final TypeResolver resolver;
  private int unique;

  Specializations(TypeResolver resolver) {
    this.resolver = resolver;
  }

  /** The choice for these arguments, or null when the checker cannot make it. */
  Choice choose(Decl.Record primary, List<Decl.Record> specs, List<Type> args) {
    List<Choice> matches = new ArrayList<>();
    for (Decl.Record spec : specs) {
      Map<String, Type> bindings = new LinkedHashMap<>();
      Outcome o = match(spec, args, bindings);
      if (o == Outcome.MAYBE) {
        return null;
      }
      if (o == Outcome.MATCH) {
        matches.add(new Choice(spec, ImmutableMap.copyOf(bindings)));
      }
    }
    if (matches.isEmpty()) {
      return new Choice(primary, ImmutableMap.of());
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    List<Choice> explicit = matches.stream().filter(c -> isExplicit(c.record())).toList();
    if (explicit.size() == 1) {
      return explicit.get(0);
    }
    if (!explicit.isEmpty()) {
      return null;
    }
    for (Choice c : matches) {
      boolean best = true;
      for (Choice other : matches) {
        if (other != c && !moreSpecialized(c.record(), other.record())) {
          best = false;
          break;
        }
      }
      if (best) {
        return c;
      }
    }
    return null;
  }

  private static boolean isExplicit(Decl.Record r) {
    return r.templateParams() == null || r.templateParams().isEmpty();
  }

  private Outcome match(Decl.Record spec, List<Type> args, Map<String, Type> bindings) {
    ImmutableList<TemplateArg> patterns = spec.specializationArgs();
    if (patterns.size() != args.size()) {
      boolean pack = patterns.stream().anyMatch(p -> p instanceof TemplateArg.Type t && t.type().pack());
      return pack ? Outcome.MAYBE : Outcome.NO;
    }
    Set<String> params = paramNames(spec);
    boolean maybe = false;
    for (int i = 0; i < patterns.size(); i++) {
      Outcome o = matchArg(spec, patterns.get(i), args.get(i), params, bindings);
      if (o == Outcome.NO) {
        return Outcome.NO;
      }
      maybe |= o == Outcome.MAYBE;
    }
    return maybe ? Outcome.MAYBE : Outcome.MATCH;
  }

  private static Set<String> paramNames(Decl.Record r) {
    Set<String> out = new java.util.HashSet<>();
    if (r.templateParams() != null) {
      r.templateParams().forEach(p -> out.add(p.name()));
    }
    return out;
  }

  private Env specEnv(Decl.Record spec, Map<String, Type> bindings, Set<String> params) {
    Set<String> unbound = new java.util.HashSet<>(params);
    unbound.removeAll(bindings.keySet());
    return Env.of(resolver.table().scopeOf(spec), bindings, unbound);
  }

  private Outcome matchArg(Decl.Record spec, TemplateArg pattern, Type actual, Set<String> params,
      Map<String, Type> bindings) {
    if (pattern instanceof TemplateArg.Value v) {
      Expr e = v.expr();
      if (e instanceof Expr.Name n && !n.name().isQualified() && params.contains(n.name().lastName())) {
        return bind(n.name().lastName(), actual, bindings);
      }
      if (!(actual instanceof Type.Value av)) {
        if (actual instanceof Type.Unknown) {
          return Outcome.MAYBE;
        }
        // a type written where the parser saw an expression (its declaration was missing)
        if (e instanceof Expr.Name n) {
          Type t = resolver.resolveName(n.name(), specEnv(spec, bindings, params));
          return !t.known() ? Outcome.MAYBE : t.canonical().equals(actual.canonical()) ? Outcome.MATCH : Outcome.NO;
        }
        return Outcome.NO;
      }
      OptionalLong pv = resolver.constants().evaluate(e, specEnv(spec, bindings, params));
      if (pv.isEmpty()) {
        return Outcome.MAYBE;
      }
      return pv.getAsLong() == av.value() ? Outcome.MATCH : Outcome.NO;
    }
    return matchType(spec, ((TemplateArg.Type) pattern).type(), actual, params, bindings);
  }

  private Outcome bind(String param, Type actual, Map<String, Type> bindings) {
    Type prior = bindings.get(param);
    if (prior == null) {
      bindings.put(param, actual);
      return Outcome.MATCH;
    }
    if (!prior.known() || !actual.known()) {
      return Outcome.MAYBE;
    }
    return prior.canonical().equals(actual.canonical()) ? Outcome.MATCH : Outcome.NO;
  }

  private Outcome matchType(Decl.Record spec, TypeSpec ts, Type actual, Set<String> params,
      Map<String, Type> bindings) {
    if (ts.opaque() || ts.isAuto()) {
      return Outcome.MAYBE;
    }
    boolean bareParam = ts.name() != null && !ts.name().isQualified() && params.contains(ts.name().lastName())
        && ts.name().last().templateArgs() == null;
    Type a = actual;
    for (int i = ts.pointers().size() - 1; i >= 0; i--) {
      Type s = a.strip();
      if (!(s instanceof Type.Pointer ptr)) {
        return a.known() ? Outcome.NO : Outcome.MAYBE;
      }
      a = ptr.pointee();
    }
    for (int i = 0; i < ts.arrayDims(); i++) {
      Type s = a.strip();
      if (!(s instanceof Type.Array arr)) {
        return a.known() ? Outcome.NO : Outcome.MAYBE;
      }
      a = arr.element();
    }
    if (bareParam) {
      return bind(ts.name().lastName(), a, bindings);
    }
    if (!a.known()) {
      return Outcome.MAYBE;
    }
    if (ts.builtin() != null) {
      return a.strip() instanceof Type.Builtin b && b.name().equals(ts.builtin()) ? Outcome.MATCH : Outcome.NO;
    }
    ImmutableList<TemplateArg> targs = ts.name().last().templateArgs();
    boolean dependent = targs != null && targs.stream().anyMatch(t -> mentions(t, params));
    if (dependent) { // Foo<T, 3>: the same template, then argument by argument
      if (!(a.strip() instanceof Type.Named n) || !n.name().equals(ts.name().lastName())
          || n.args().size() < targs.size()) {
        return Outcome.NO;
      }
      boolean maybe = false;
      for (int i = 0; i < targs.size(); i++) {
        Outcome o = matchArg(spec, targs.get(i), n.args().get(i), params, bindings);
        if (o == Outcome.NO) {
          return o;
        }
        maybe |= o == Outcome.MAYBE;
      }
      return maybe ? Outcome.MAYBE : Outcome.MATCH;
    }
    Type t = resolver.resolve(ts, specEnv(spec, bindings, params));
    for (int i = 0; i < ts.pointers().size() + ts.arrayDims(); i++) { // compare what is left of the pattern
      Type s = t.strip();
      t = s instanceof Type.Pointer p ? p.pointee() : s instanceof Type.Array arr ? arr.element() : s;
    }
    if (!t.known()) {
      return Outcome.MAYBE;
    }
    return t.canonical().equals(a.canonical()) ? Outcome.MATCH : Outcome.NO;
  }

  private static boolean mentions(TemplateArg arg, Set<String> params) {
    if (arg instanceof TemplateArg.Type t) {
      return mentions(t.type(), params);
    }
    return ((TemplateArg.Value) arg).expr() instanceof Expr.Name n && params.contains(n.name().lastName());
  }

  private static boolean mentions(TypeSpec ts, Set<String> params) {
    if (ts.name() == null) {
      return false;
    }
    for (var part : ts.name().parts()) {
      if (params.contains(part.name())) {
        return true;
      }
      if (part.templateArgs() != null && part.templateArgs().stream().anyMatch(a -> mentions(a, params))) {
        return true;
      }
    }
    return false;
  }

  /** Partial ordering: {@code a} is more specialized than {@code b} when b matches a's patterns but not the reverse. */
  private boolean moreSpecialized(Decl.Record a, Decl.Record b) {
    return matchesPatternsOf(b, a) && !matchesPatternsOf(a, b);
  }

  /** Whether {@code general} matches {@code specific}'s patterns, its parameters standing for unique types. */
  private boolean matchesPatternsOf(Decl.Record general, Decl.Record specific) {
    Map<String, Type> synthetic = new LinkedHashMap<>();
    for (String p : paramNames(specific)) {
      synthetic.put(p, Type.Named.cuda("__unique_" + p + "_" + (unique++)));
    }
    Env env = Env.of(resolver.table().scopeOf(specific), synthetic, Set.of());
    List<Type> args = new ArrayList<>();
    for (TemplateArg t : specific.specializationArgs()) {
      if (t instanceof TemplateArg.Value v && v.expr() instanceof Expr.Name n && synthetic.containsKey(
          n.name().lastName())) {
        args.add(synthetic.get(n.name().lastName()));
      } else {
        args.add(resolver.argument(t, env));
      }
    }
    return match(general, args, new LinkedHashMap<>()) == Outcome.MATCH;
  }
}
