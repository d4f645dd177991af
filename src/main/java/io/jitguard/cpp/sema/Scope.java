package io.jitguard.cpp.sema;

import io.jitguard.cpp.ast.Decl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A namespace, record, function or block scope: the names declared in it (an overload set can
 * hold several functions), the namespaces it uses, and its parent.
 */
public final class Scope {
  public enum Kind { NAMESPACE, RECORD, FUNCTION, BLOCK }

  /** A local variable or parameter with the type it was declared with in this context. */
  public record Local(String name, Type type, Decl declaration) {}

  private final Kind kind;
  private final String name;
  private final Scope parent;
  private final Decl.Record record;
  private final Map<String, List<Object>> names = new HashMap<>();
  private final List<Scope> usings = new ArrayList<>();
  private final Map<String, Scope> children = new HashMap<>();

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

  public Decl.Record record() {
    return record;
  }

  public void declare(String n, Object entry) {
    names.computeIfAbsent(n, k -> new ArrayList<>()).add(entry);
  }

  public List<Object> own(String n) {
    return names.getOrDefault(n, List.of());
  }

  public void addUsing(Scope ns) {
    if (ns != this && !usings.contains(ns)) {
      usings.add(ns);
    }
  }

  /** The named child namespace or record scope, created on first use for namespaces. */
  public Scope child(String n, Kind k, Decl.Record rec) {
    if (k == Kind.NAMESPACE) {
      return children.computeIfAbsent(n, x -> new Scope(Kind.NAMESPACE, n, this, null));
    }
    Scope s = new Scope(k, n, this, rec);
    children.putIfAbsent(n, s);
    return s;
  }

  public Scope childNamed(String n) {
    return children.get(n);
  }

  /** Unqualified lookup: this scope and the namespaces it uses, then outward. */
  public List<Object> lookup(String n) {
    for (Scope s = this; s != null; s = s.parent) {
      List<Object> found = s.ownOrUsed(n, new ArrayList<>());
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private List<Object> ownOrUsed(String n, List<Scope> seen) {
    if (seen.contains(this)) {
      return List.of();
    }
    seen.add(this);
    List<Object> mine = names.get(n);
    List<Object> out = new ArrayList<>(mine == null ? List.of() : mine);
    for (Scope u : usings) {
      out.addAll(u.ownOrUsed(n, seen));
    }
    return out;
  }

  /** Qualified lookup of one component inside this scope (and the namespaces it uses). */
  public List<Object> member(String n) {
    return ownOrUsed(n, new ArrayList<>());
  }

  @Override
  public String toString() {
    return (parent == null || parent.name == null ? "" : parent + "::") + (name == null ? "" : name);
  }
}
