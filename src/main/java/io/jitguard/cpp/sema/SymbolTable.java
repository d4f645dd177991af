package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.QualifiedName;
import io.jitguard.cpp.parse.Parser;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Every declaration of a translation unit, placed in its namespace or record scope. */
public final class SymbolTable {
  private final Scope global = new Scope(Scope.Kind.NAMESPACE, null, null, null);
  private final Map<Decl, Scope> declaredIn = new IdentityHashMap<>();
  private final Map<Decl.Record, Scope> recordScopes = new IdentityHashMap<>();
  private final List<Decl.Function> functions = new ArrayList<>();
  /** The same functions by unqualified name, for lookups once per call (a scan each was quadratic). */
  private final Map<String, List<Decl.Function>> functionsByName = new java.util.HashMap<>();
  private final List<Decl.ExplicitInstantiation> explicitInstantiations = new ArrayList<>();
  private final java.util.Set<String> possiblyDeclared;

  private SymbolTable(java.util.Set<String> possiblyDeclared) {
    this.possiblyDeclared = possiblyDeclared;
  }

  public static SymbolTable build(Parser.TranslationUnit tu) {
    SymbolTable t = new SymbolTable(tu.possiblyDeclared());
    t.declareAll(tu.decls(), t.global);
    return t;
  }

  public Scope global() {
    return global;
  }

  /** The scope a declaration was made in. */
  public Scope scopeOf(Decl d) {
    return declaredIn.getOrDefault(d, global);
  }

  public Scope recordScope(Decl.Record r) {
    return recordScopes.get(r);
  }

  public ImmutableList<Decl.Function> functions() {
    return ImmutableList.copyOf(functions);
  }

  public ImmutableList<Decl.ExplicitInstantiation> explicitInstantiations() {
    return ImmutableList.copyOf(explicitInstantiations);
  }

  /** Whether a declaration the parser skipped may have declared a function of this name. */
  public boolean mayHaveUnseenDeclarations(String name) {
    return possiblyDeclared.contains(name);
  }

  /** Every function of this name anywhere in the unit (to rule out argument-dependent lookup). */
  public List<Decl.Function> allFunctionsNamed(String name) {
    return java.util.Collections.unmodifiableList(functionsByName.getOrDefault(name, List.of()));
  }

  private void declareAll(List<Decl> decls, Scope scope) {
    for (Decl d : decls) {
      declare(d, scope);
    }
  }

  private void declare(Decl d, Scope scope) {
    declaredIn.put(d, scope);
    if (d instanceof Decl.Namespace ns) {
      declareAll(ns.decls(), ns.name() == null ? scope : scope.child(ns.name(), Scope.Kind.NAMESPACE, null));
    } else if (d instanceof Decl.UsingNamespace u) {
      Scope target = resolveScope(u.target(), scope);
      if (target != null) {
        scope.addUsing(target);
      }
    } else if (d instanceof Decl.UsingName u) {
      Scope owner = u.target().parts().size() > 1 ? resolveScope(new QualifiedName(u.target().global(),
          u.target().parts().subList(0, u.target().parts().size() - 1)), scope) : null;
      if (owner != null) {
        for (Object o : owner.member(u.target().lastName())) {
          scope.declare(u.target().lastName(), o);
        }
      }
    } else if (d instanceof Decl.Alias a) {
      scope.declare(a.name(), a);
    } else if (d instanceof Decl.Record r) {
      if (r.name() == null) {
        return;
      }
      Scope rs = scope.child(r.name(), Scope.Kind.RECORD, r);
      // a forward declaration after the definition adds nothing
      boolean defined = scope.own(r.name()).stream().anyMatch(o -> o instanceof Decl.Record other && other.definition());
      if (r.definition() || !defined) {
        scope.declare(r.name(), r);
      }
      if (r.definition()) {
        recordScopes.put(r, rs);
        for (Decl m : r.members()) {
          declare(m, rs);
        }
      }
    } else if (d instanceof Decl.Function f) {
      functions.add(f);
      functionsByName.computeIfAbsent(f.name().lastName(), k -> new ArrayList<>()).add(f);
      Scope target = scope;
      if (f.name().parts().size() > 1) { // out-of-class or out-of-namespace definition: A::f
        Scope owner = resolveScope(new QualifiedName(f.name().global(),
            f.name().parts().subList(0, f.name().parts().size() - 1)), scope);
        if (owner != null) {
          target = owner;
        }
      }
      target.declare(f.name().lastName(), f);
      declaredIn.put(f, target);
    } else if (d instanceof Decl.Field fld) {
      scope.declare(fld.name(), fld);
    } else if (d instanceof Decl.Var v) {
      scope.declare(v.name(), v);
    } else if (d instanceof Decl.Enum e && e.name() != null) {
      scope.declare(e.name(), e);
    } else if (d instanceof Decl.ExplicitInstantiation ei) {
      explicitInstantiations.add(ei);
    }
  }

  /** The namespace or record scope a (possibly qualified) name denotes, or null. */
  public Scope resolveScope(QualifiedName name, Scope from) {
    Scope s = name.global() ? global : null;
    for (int i = 0; i < name.parts().size(); i++) {
      String part = name.parts().get(i).name();
      Scope next = null;
      if (s == null) {
        for (Scope c = from; c != null && next == null; c = c.parent()) {
          next = childScope(c, part);
        }
      } else {
        next = childScope(s, part);
      }
      if (next == null) {
        return null;
      }
      s = next;
    }
    return s;
  }

  private Scope childScope(Scope s, String part) {
    Scope c = s.childNamed(part);
    if (c != null && (c.kind() == Scope.Kind.NAMESPACE || c.record() == null || recordScopes.get(c.record()) == c)) {
      return c;
    }
    for (Object o : s.member(part)) {
      if (o instanceof Decl.Record r && recordScopes.containsKey(r)) {
        return recordScopes.get(r);
      }
    }
    return null;
  }
}
