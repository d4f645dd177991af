package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.ast.QualifiedName;
import io.jitguard.cpp.ast.TemplateArg;
import io.jitguard.cpp.ast.TypeSpec;
import io.jitguard.cpp.model.CudaNames;
import io.jitguard.cpp.model.StdNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns types as written into {@link Type}s: name lookup through blocks, template parameters,
 * records and their bases, namespaces; aliases (a cycle through them is cut where it closes, so
 * {@code using Shape = Shape;} names the outer {@code Shape}); template arguments with their
 * defaults; the partial or explicit specialization that applies to them; member types of records
 * and of bound template parameters ({@code typename KTraits::DTypeO}); and the standard type
 * traits kernels use ({@code std::conditional_t}, {@code std::remove_cv_t}, ...).
 */
final class TypeResolver {
  /** How deeply type resolution may nest (aliases of aliases, template arguments of template arguments). */
  static final int MAX_DEPTH = 128;

  private final SymbolTable table;
  private final Map<String, Type> globalBindings;
  private final Set<Object> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Class templates already instantiated, by primary template and arguments: the same work is never done twice. */
  private final Map<Decl.Record, Map<List<String>, Type>> instances = new IdentityHashMap<>();
  private long steps;
  /** How many resolution steps one function instantiation may take before the rest of it is left unchecked. */
  private final long maxSteps;
  private ConstantEvaluator constants;
  private Members members;
  private Specializations specializations;
  private int depth;

  TypeResolver(SymbolTable table, Map<String, Type> globalBindings, long maxSteps) {
    this.table = table;
    this.maxSteps = maxSteps;
    this.globalBindings = globalBindings;
  }

  void connect(ConstantEvaluator c, Members m, Specializations s) {
    this.constants = c;
    this.members = m;
    this.specializations = s;
  }

  SymbolTable table() {
    return table;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      depth--;
      throw new AnalysisLimit("types nested more than " + MAX_DEPTH + " levels deep");
    }
    step();
  }

  /** Counts one unit of work; past the budget's steps in one function the analysis of it stops. */
  void step() {
    if (++steps > maxSteps) {
      throw new AnalysisLimit("more than " + maxSteps + " steps resolving its types and constants (budget steps)");
    }
  }

  /** A new function instantiation: its own budget of steps. */
  void resetSteps() {
    steps = 0;
  }

  private void leave() {
    depth--;
  }

  Type resolve(TypeSpec ts, Env env) {
    if (ts == null || ts.opaque() || ts.pack()) {
      return new Type.Unknown("opaque type");
    }
    if (ts.isAuto()) {
      return new Type.Unknown("auto");
    }
    enter();
    try {
      Type t = ts.builtin() != null ? new Type.Builtin(ts.builtin()) : resolveName(ts.name(), env);
      for (int i = 0; i < ts.pointers().size(); i++) {
        boolean c = i == 0 ? ts.isConst() : ts.pointers().get(i - 1).isConst();
        boolean v = i == 0 ? ts.isVolatile() : ts.pointers().get(i - 1).isVolatile();
        t = new Type.Pointer(t, c, v);
      }
      for (int i = 0; i < ts.arrayDims(); i++) {
        t = new Type.Array(t);
      }
      return t;
    } finally {
      leave();
    }
  }

  /** A template argument: a type, or a value ({@link Type.Value} when the checker can evaluate it). */
  Type argument(TemplateArg arg, Env env) {
    if (arg instanceof TemplateArg.Type t) {
      return resolve(t.type(), env);
    }
    Expr e = ((TemplateArg.Value) arg).expr();
    if (e instanceof Expr.Name n) { // a type or a value: the parser could not tell without its declaration
      String last = n.name().lastName();
      if (!n.name().isQualified()) {
        if (env.locals() != null && env.locals().type(last) != null) {
          return env.locals().type(last);
        }
        if (env.isTemplateParameter(last)) {
          return resolveName(n.name(), env);
        }
      }
      OptionalLong v = constants.evaluate(e, env);
      return v.isPresent() ? new Type.Value(v.getAsLong()) : resolveName(n.name(), env);
    }
    OptionalLong v = constants.evaluate(e, env);
    return v.isPresent() ? new Type.Value(v.getAsLong()) : new Type.Unknown("a value argument");
  }

  Type resolveName(QualifiedName name, Env env) {
    enter();
    try {
      return name.isQualified() ? qualified(name, env) : unqualified(name, env);
    } finally {
      leave();
    }
  }

  private Type unqualified(QualifiedName name, Env env) {
    String last = name.lastName();
    ImmutableList<TemplateArg> targs = name.last().templateArgs();
    if (env.locals() != null && targs == null) {
      Type local = env.locals().type(last);
      if (local != null) {
        return local;
      }
    }
    if (env.bound().containsKey(last)) {
      Type b = env.bound().get(last);
      if (targs != null) {
        return new Type.Unknown("template template parameter " + last);
      }
      return env.transparent() || b instanceof Type.Value || b instanceof Type.Unknown ? b
          : new Type.Sugar(last, b.strip());
    }
    if (env.unbound().contains(last)) {
      return globalBindings.containsKey(last) ? new Type.Sugar(last, globalBindings.get(last))
          : new Type.Unknown("dependent on " + last);
    }
    if (CudaNames.FIXED_TYPEDEFS.containsKey(last) && targs == null) {
      String target = CudaNames.FIXED_TYPEDEFS.get(last);
      return new Type.Sugar(last, CudaNames.CLASS_TYPES.contains(target) ? Type.Named.cuda(target)
          : new Type.Builtin(target));
    }
    if (env.self() != null) {
      Members.Found found = members.lookup(env.self(), last);
      Type t = typeFrom(found.entries(), name, members.envOf(found.owner()), found.owner());
      if (t != null) {
        return t;
      }
      if (!found.complete() && found.entries().isEmpty() && !declaredOutside(last, env.scope())) {
        return new Type.Unknown("member type of an unknown base: " + last);
      }
    }
    Type t = typeFrom(lookupSkipping(env.scope(), last), name, env, null);
    if (t != null) {
      return t;
    }
    if (CudaNames.CLASS_TYPES.contains(last)) {
      return Type.Named.cuda(last);
    }
    if (globalBindings.containsKey(last)) {
      return new Type.Sugar(last, globalBindings.get(last));
    }
    return Type.Named.opaque(last); // from a header the checker did not read: not known
  }

  private boolean declaredOutside(String name, Scope scope) {
    return !lookupSkipping(scope, name).isEmpty();
  }

  private Type qualified(QualifiedName name, Env env) {
    String last = name.lastName();
    QualifiedName prefix = new QualifiedName(name.global(), name.parts().subList(0, name.parts().size() - 1));
    String qualifier = prefix.parts().stream().map(QualifiedName.Part::name).reduce((a, b) -> a + "::" + b).orElse("");
    if (StdNames.isStdQualifier(qualifier)) {
      return StandardTraits.type(last, name.last().templateArgs(), env, this);
    }
    if (prefix.parts().size() >= 2 && StdNames.isStdQualifier(prefix.parts().subList(0, prefix.parts().size() - 1)
        .stream().map(QualifiedName.Part::name).reduce((x, y) -> x + "::" + y).orElse(""))) {
      Type t = StandardTraits.memberType(prefix.lastName(), prefix.last().templateArgs(), last, env, this);
      return t != null ? t : new Type.Unknown("member " + last + " of std::" + prefix.lastName());
    }
    Scope ns = table.resolveNamespace(prefix, env.scope());
    if (ns != null) {
      Type t = typeFrom(ns.member(last), name, env, null);
      if (t != null) {
        return t;
      }
      return CudaNames.CLASS_TYPES.contains(last) ? Type.Named.cuda(last) : Type.Named.opaque(last);
    }
    Type owner = resolveName(prefix, env).strip();
    if (owner instanceof Type.Named n && n.decl() != null && n.scope() != null) {
      Members.Found found = members.lookup(n, last);
      Type t = typeFrom(found.entries(), name, members.envOf(found.owner()).withLocals(env.locals()),
          found.owner());
      if (t != null) { // spelled as written, clang style: 'KTraits::DTypeO *' (aka '__nv_bfloat16 *')
        return t instanceof Type.Sugar ? new Type.Sugar(spelling(name), t) : t;
      }
      return new Type.Unknown("member type " + name);
    }
    return new Type.Unknown("member type " + name);
  }

  private static String spelling(QualifiedName name) {
    StringBuilder b = new StringBuilder(name.global() ? "::" : "");
    for (int i = 0; i < name.parts().size(); i++) {
      QualifiedName.Part part = name.parts().get(i);
      b.append(i == 0 ? "" : "::").append(part.name());
      if (part.templateArgs() != null) {
        b.append("<...>");
      }
    }
    return b.toString();
  }

  /** The entries of a name with the in-progress aliases and records left out: a cycle closes no further. */
  List<Object> lookupSkipping(Scope from, String name) {
    for (Scope s = from; s != null; s = s.parent()) {
      List<Object> found = s.member(name);
      if (found.isEmpty()) {
        continue;
      }
      List<Object> usable = new ArrayList<>(found.size());
      for (Object o : found) {
        if (!inProgress.contains(o)) {
          usable.add(o);
        }
      }
      if (!usable.isEmpty()) {
        return usable;
      }
    }
    return List.of();
  }

  /**
   * The type that some entries of a name denote (records, an alias, an enumeration), with the
   * name's template arguments, or null when they denote no type. {@code argEnv} is where the
   * template arguments were written; {@code owner} the record holding the entries, for members.
   */
  Type typeFrom(List<Object> entries, QualifiedName name, Env declEnv, Type.Named owner) {
    if (entries.isEmpty()) {
      return null;
    }
    List<Decl.Record> records = new ArrayList<>();
    for (Object o : entries) {
      if (o instanceof Decl.Record r && !inProgress.contains(r)) {
        records.add(r);
      }
    }
    ImmutableList<TemplateArg> targs = name.last().templateArgs();
    Env argEnv = declEnv;
    if (!records.isEmpty()) {
      return instantiate(records, targs, argEnv);
    }
    for (Object o : entries) {
      if (o instanceof Decl.Alias a && !inProgress.contains(a)) {
        return alias(a, targs, argEnv, owner);
      }
      if (o instanceof Decl.Enum e) {
        return new Type.Enumeration(e.name(), e);
      }
    }
    return null;
  }

  /** An alias (or alias template with these arguments), resolved where it was declared. */
  Type alias(Decl.Alias a, ImmutableList<TemplateArg> targs, Env argEnv, Type.Named owner) {
    inProgress.add(a);
    try {
      Scope where = table.scopeOf(a);
      Env aliasEnv = owner != null ? members.envOf(owner) : Env.of(where);
      if (a.templateParams() != null && !a.templateParams().isEmpty()) {
        Map<String, Type> b = new LinkedHashMap<>(aliasEnv.bound());
        for (int i = 0; i < a.templateParams().size(); i++) {
          Decl.TemplateParam tp = a.templateParams().get(i);
          if (tp.pack()) {
            b.put(tp.name(), new Type.Unknown("pack"));
          } else if (targs != null && i < targs.size()) {
            b.put(tp.name(), argument(targs.get(i), argEnv));
          } else if (tp.defaultArg() != null) {
            b.put(tp.name(), argument(tp.defaultArg(), Env.of(where, b, Set.of())));
          } else {
            return new Type.Unknown("alias template without its arguments");
          }
        }
        aliasEnv = new Env(aliasEnv.scope(), ImmutableMap.copyOf(b), aliasEnv.unbound(), null, aliasEnv.self(), false);
      }
      Type t = resolve(a.type(), aliasEnv);
      return new Type.Sugar(a.name(), t);
    } finally {
      inProgress.remove(a);
    }
  }

  /**
   * A class (template) named with these arguments: defaults filled in, then the specialization
   * that applies chosen. Arguments the checker cannot know leave the choice, and so the type, unknown
   * when a specialization could apply.
   */
  Type instantiate(List<Decl.Record> records, ImmutableList<TemplateArg> targs, Env argEnv) {
    Decl.Record primary = null;
    List<Decl.Record> specs = new ArrayList<>();
    for (Decl.Record r : records) {
      if (r.isSpecialization()) {
        if (r.definition()) {
          specs.add(r);
        }
      } else if (primary == null || (!primary.definition() && r.definition())) {
        primary = r;
      }
    }
    if (primary == null) {
      return new Type.Unknown("a specialization without its primary template");
    }
    String name = primary.simpleName();
    boolean template = primary.templateParams() != null && !primary.templateParams().isEmpty();
    if (!template) {
      return new Type.Named(name, ImmutableList.of(), primary, table.recordScope(primary), ImmutableMap.of(), false);
    }
    if (targs == null) { // the injected class name: inside the template it names the current instantiation
      if (argEnv.self() != null && argEnv.self().name().equals(name)) {
        return argEnv.self();
      }
      return new Type.Unknown("class template " + name + " without arguments");
    }
    List<Type> args = new ArrayList<>();
    for (TemplateArg a : targs) {
      args.add(argument(a, argEnv));
    }
    List<String> key = new ArrayList<>(args.size());
    for (Type a : args) {
      key.add(a.written() + '\u0000' + a.canonical() + (a.known() ? "" : "\u0000?"));
    }
    Map<List<String>, Type> known = instances.computeIfAbsent(primary, k -> new java.util.HashMap<>());
    Type cached = known.get(key);
    if (cached != null) {
      return cached;
    }
    Type made = instantiateWith(primary, name, args, specs);
    known.put(key, made);
    return made;
  }

  private Type instantiateWith(Decl.Record primary, String name, List<Type> args, List<Decl.Record> specs) {
    Map<String, Type> bindings = new LinkedHashMap<>();
    ImmutableList<Decl.TemplateParam> params = primary.templateParams();
    Scope primaryScope = table.scopeOf(primary);
    for (int i = 0; i < params.size(); i++) {
      Decl.TemplateParam tp = params.get(i);
      if (tp.pack()) {
        bindings.put(tp.name(), new Type.Unknown("pack"));
        break;
      }
      if (i < args.size()) {
        bindings.put(tp.name(), args.get(i));
      } else if (tp.defaultArg() != null) {
        Type d = argument(tp.defaultArg(), Env.of(primaryScope, bindings, Set.of()));
        bindings.put(tp.name(), d);
        args.add(d);
      } else {
        return new Type.Unknown("too few template arguments for " + name);
      }
    }
    ImmutableList<Type> finalArgs = ImmutableList.copyOf(args);
    if (specs.isEmpty()) {
      return new Type.Named(name, finalArgs, primary, table.recordScope(primary), ImmutableMap.copyOf(bindings), false);
    }
    Specializations.Choice choice = specializations.choose(primary, specs, finalArgs);
    if (choice == null) {
      return new Type.Unknown("which specialization of " + name + " applies is not known");
    }
    Map<String, Type> chosen = choice.record() == primary ? bindings : choice.bindings();
    return new Type.Named(name, finalArgs, choice.record(), table.recordScope(choice.record()),
        ImmutableMap.copyOf(chosen), false);
  }

  /** The template parameters of a record that its bindings leave unbound. */
  static Set<String> unboundParams(Decl.Record r, Map<String, Type> bindings) {
    Set<String> out = new HashSet<>();
    if (r != null && r.templateParams() != null) {
      for (Decl.TemplateParam p : r.templateParams()) {
        if (p.name() != null && !bindings.containsKey(p.name())) {
          out.add(p.name());
        }
      }
    }
    return ImmutableSet.copyOf(out);
  }

  ConstantEvaluator constants() {
    return constants;
  }

  Members members() {
    return members;
  }
}
