package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.jitguard.cpp.ast.Decl;
import java.util.ArrayList;
import java.util.List;

/**
 * Member lookup in a class type: the members of that name in the first class of the hierarchy
 * that declares one (derived classes hide their bases' members), and whether the answer is
 * complete: a base the checker cannot resolve could declare the name too.
 */
final class Members {
  /** What a member name found, in which class, and whether no unknown base could add to or change it. */
  record Found(List<Object> entries, Type.Named owner, boolean complete) {}

  /** How deep a class hierarchy the checker follows. */
  static final int MAX_BASE_DEPTH = 32;

  private final TypeResolver resolver;
  /** The resolved bases of each class type (by definition and template arguments). */
  private final java.util.Map<Decl.Record, java.util.Map<String, List<Type>>> bases = new java.util.IdentityHashMap<>();

  Members(TypeResolver resolver) {
    this.resolver = resolver;
  }

  /** The bases of a class type, resolved once per definition and arguments. */
  List<Type> basesOf(Type.Named type) {
    if (type.decl() == null || type.decl().bases().isEmpty()) {
      return List.of();
    }
    StringBuilder k = new StringBuilder();
    type.bindings().forEach((n, v) -> k.append(n).append('=').append(v.canonical()).append(v.known() ? ";" : "?;"));
    java.util.Map<String, List<Type>> perDecl = bases.computeIfAbsent(type.decl(), d -> new java.util.HashMap<>());
    List<Type> cached = perDecl.get(k.toString());
    if (cached != null) {
      return cached;
    }
    perDecl.put(k.toString(), List.of()); // a class that derives from itself through its arguments ends here
    List<Type> out = new ArrayList<>();
    for (Decl.Base b : type.decl().bases()) {
      Type bt;
      try {
        bt = resolver.resolve(b.type(), envOf(type)).strip();
      } catch (AnalysisLimit e) {
        bt = new Type.Unknown(e.getMessage());
      }
      out.add(bt);
    }
    perDecl.put(k.toString(), out);
    return out;
  }

  /** Where the members of a class type are resolved: its scope and template arguments. */
  Env envOf(Type.Named t) {
    if (t == null || t.scope() == null) {
      return Env.of(resolver.table().global());
    }
    return new Env(t.scope(), t.bindings(), ImmutableSet.copyOf(TypeResolver.unboundParams(t.decl(), t.bindings())),
        null, t, false);
  }

  Found lookup(Type.Named type, String name) {
    return lookup(type, name, 0, new ArrayList<>());
  }

  private Found lookup(Type.Named type, String name, int depth, List<Decl.Record> seen) {
    if (type.decl() == null || type.scope() == null || depth > MAX_BASE_DEPTH || seen.contains(type.decl())) {
      return new Found(List.of(), type, false);
    }
    seen.add(type.decl());
    List<Object> own = type.scope().own(name);
    if (!own.isEmpty()) {
      return new Found(own, type, true);
    }
    boolean complete = true;
    List<Found> fromBases = new ArrayList<>();
    for (Type bt : basesOf(type)) {
      if (bt instanceof Type.Named n && n.decl() != null && n.scope() != null) {
        Found f = lookup(n, name, depth + 1, seen);
        complete &= f.complete();
        if (!f.entries().isEmpty()) {
          fromBases.add(f);
        }
      } else {
        complete = false; // a base from a missing header, or dependent on a template parameter
      }
    }
    if (fromBases.size() == 1) {
      Found f = fromBases.get(0);
      return new Found(f.entries(), f.owner(), complete && f.complete());
    }
    if (fromBases.size() > 1) { // in several bases: ambiguous unless the same; the checker does not decide
      List<Object> all = new ArrayList<>();
      fromBases.forEach(f -> all.addAll(f.entries()));
      return new Found(all, fromBases.get(0).owner(), false);
    }
    return new Found(List.of(), type, complete);
  }

  /** The record's own constructors (never inherited unless a using-declaration says so). */
  List<Decl.Function> constructors(Type.Named type) {
    List<Decl.Function> out = new ArrayList<>();
    if (type.scope() == null) {
      return out;
    }
    for (Object o : type.scope().own(type.decl().simpleName())) {
      if (o instanceof Decl.Function f && f.kind() == Decl.Function.Kind.CONSTRUCTOR) {
        out.add(f);
      }
    }
    return out;
  }

  static ImmutableMap<String, Type> bindingsOf(Type.Named t) {
    return t == null ? ImmutableMap.of() : t.bindings();
  }
}
