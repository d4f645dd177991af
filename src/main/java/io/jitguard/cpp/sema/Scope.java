package io.jitguard.cpp.sema;

import io.jitguard.cpp.ast.Decl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A namespace, record or enumeration scope: the names declared in it (an overload set can hold
 * several functions, a class template its primary and its specializations), the namespaces it
 * uses, its child namespaces, and its parent.
 */
public final class Scope {
  public enum Kind { NAMESPACE, RECORD, ENUM }

  private final Kind kind;
  private final String name;
  private final Scope parent;
  private final Decl.Record record;
  private final Map<String, List<Object>> names = new HashMap<>();
  private final List<Scope> usings = new ArrayList<>();
  private final Map<String, Scope> namespaces = new HashMap<>();

  public Scope(Kind kind, String name, Scope parent, Decl.Record record) {
    this.kind = kind;
    this.name = name;
    this.parent = parent;
    this.record = record;
  }

  public Kind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public Scope parent() {
    return parent;
  }

  /** The record this scope belongs to, for a record scope. */
  public Decl.Record record() {
    return record;
  }

  public void declare(String n, Object entry) {
    if (n != null) {
      names.computeIfAbsent(n, k -> new ArrayList<>()).add(entry);
    }
  }

  /** Replaces a declaration by another (a function's declaration by the merged declaration and definition). */
  void replace(String n, Object old, Object now) {
    List<Object> list = names.get(n);
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == old) {
          list.set(i, now);
        }
      }
    }
  }

  public List<Object> own(String n) {
    return names.getOrDefault(n, List.of());
  }

  public void addUsing(Scope ns) {
    if (ns != this && !usings.contains(ns)) {
      usings.add(ns);
    }
  }

  /** The named child namespace, created on first use. */
  public Scope namespace(String n) {
    return namespaces.computeIfAbsent(n, x -> new Scope(Kind.NAMESPACE, n, this, null));
  }

  /** {@code namespace cfg = a::b;}: the alias names the target's scope. */
  void aliasNamespace(String n, Scope target) {
    namespaces.putIfAbsent(n, target);
  }

  public Scope childNamespace(String n) {
    return namespaces.get(n);
  }

  /** A child namespace here or in a namespace this one uses. */
  Scope namespaceMember(String n) {
    return namespaceMember(n, new ArrayList<>());
  }

  private Scope namespaceMember(String n, List<Scope> seen) {
    if (seen.contains(this)) {
      return null;
    }
    seen.add(this);
    Scope s = namespaces.get(n);
    if (s != null) {
      return s;
    }
    for (Scope u : usings) {
      s = u.namespaceMember(n, seen);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  /** Unqualified lookup: this scope and the namespaces it uses, then outward. */
  public List<Object> lookup(String n) {
    for (Scope s = this; s != null; s = s.parent) {
      List<Object> found = s.member(n);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  /** Qualified lookup of one component inside this scope (and the namespaces it uses). */
  public List<Object> member(String n) {
    List<Object> mine = names.get(n);
    if (usings.isEmpty()) {
      return mine == null ? List.of() : mine;
    }
    List<Object> out = new ArrayList<>(mine == null ? List.of() : mine);
    collectUsed(n, out, new ArrayList<>(List.of(this)));
    return out;
  }

  private void collectUsed(String n, List<Object> out, List<Scope> seen) {
    for (Scope u : usings) {
      if (seen.contains(u)) {
        continue;
      }
      seen.add(u);
      List<Object> theirs = u.names.get(n);
      if (theirs != null) {
        for (Object o : theirs) {
          if (!out.contains(o)) {
            out.add(o);
          }
        }
      }
      u.collectUsed(n, out, seen);
    }
  }

  @Override
  public String toString() {
    return (parent == null || parent.name == null ? "" : parent + "::") + (name == null ? "" : name);
  }
}
