package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.QualifiedName;
import io.jitguard.cpp.ast.TypeSpec;
import io.jitguard.cpp.parse.Parser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every declaration of a translation unit, placed in its namespace, record or enumeration scope.
 * A function declared more than once (a prototype, then its definition; a member declared in its
 * class and defined outside it) is one entry: the declarations merged, defaults from any of them,
 * the body from the definition.
 */
public final class SymbolTable {
  private final Scope global = new Scope(Scope.Kind.NAMESPACE, null, null, null);
  private final Map<Object, Scope> declaredIn = new IdentityHashMap<>();
  private final Map<Decl.Record, Scope> recordScopes = new IdentityHashMap<>();
  private final Map<Decl.Enum, Scope> enumScopes = new IdentityHashMap<>();
  private final Map<Decl.Enumerator, Decl.Enum> enumOf = new IdentityHashMap<>();
  private final List<Decl.Function> functions = new ArrayList<>();
  /** The same functions by unqualified name, for lookups once per call (a scan each was quadratic). */
  private final Map<String, List<Decl.Function>> functionsByName = new HashMap<>();
  private final Map<Decl.Function, Decl.Function> merged = new IdentityHashMap<>();
  /**
   * For a member of a class template defined outside its class ({@code template <typename U> void
   * A<U>::f()}): the names the definition gives the class's template parameters, in order.
   */
  private final Map<Decl.Function, List<String>> outOfClassParams = new IdentityHashMap<>();
  private final List<Decl.ExplicitInstantiation> explicitInstantiations = new ArrayList<>();
  private final Set<String> possiblyDeclared;

  private SymbolTable(Set<String> possiblyDeclared) {
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

  /** The scope a declaration was made in (for a member defined out of class, its class's). */
  public Scope scopeOf(Object d) {
    return declaredIn.getOrDefault(d, global);
  }

  public Scope recordScope(Decl.Record r) {
    return recordScopes.get(r);
  }

  public Scope enumScope(Decl.Enum e) {
    return enumScopes.get(e);
  }

  /** The enumeration an enumerator belongs to. */
  public Decl.Enum enumOf(Decl.Enumerator e) {
    return enumOf.get(e);
  }

  /** Every function with all its declarations merged. */
  public ImmutableList<Decl.Function> functions() {
    return ImmutableList.copyOf(functions);
  }

  /** The merged entry a declaration belongs to (itself when declared once). */
  public Decl.Function canonical(Decl.Function f) {
    return merged.getOrDefault(f, f);
  }

  /** For a class template's member defined out of class: its names for the class's parameters. */
  public List<String> outOfClassParams(Decl.Function f) {
    return outOfClassParams.get(f);
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
    return Collections.unmodifiableList(functionsByName.getOrDefault(name, List.of()));
  }

  private void declareAll(List<Decl> decls, Scope scope) {
    for (Decl d : decls) {
      declare(d, scope);
    }
  }

  private void declare(Decl d, Scope scope) {
    declaredIn.put(d, scope);
    if (d instanceof Decl.Namespace ns) {
      declareAll(ns.decls(), ns.name() == null ? scope : scope.namespace(ns.name()));
    } else if (d instanceof Decl.NamespaceAlias a) {
      Scope target = resolveNamespace(a.target(), scope);
      if (target != null && a.name() != null) {
        scope.aliasNamespace(a.name(), target);
      }
    } else if (d instanceof Decl.UsingNamespace u) {
      Scope target = resolveNamespace(u.target(), scope);
      if (target != null) {
        scope.addUsing(target);
      }
    } else if (d instanceof Decl.UsingName u) {
      if (u.target().parts().size() > 1) {
        Scope owner = resolveOwner(u.target(), scope);
        if (owner != null) {
          for (Object o : owner.member(u.target().lastName())) {
            scope.declare(u.target().lastName(), o);
          }
        }
      }
    } else if (d instanceof Decl.Alias a) {
      scope.declare(a.name(), a);
    } else if (d instanceof Decl.Record r) {
      declareRecord(r, scope);
    } else if (d instanceof Decl.Enum e) {
      declareEnum(e, scope);
    } else if (d instanceof Decl.Function f) {
      declareFunction(f, scope);
    } else if (d instanceof Decl.Field fld) {
      scope.declare(fld.name(), fld);
    } else if (d instanceof Decl.Var v) {
      scope.declare(v.name(), v);
    } else if (d instanceof Decl.ExplicitInstantiation ei) {
      explicitInstantiations.add(ei);
    }
  }

  private void declareRecord(Decl.Record r, Scope scope) {
    Scope target = scope;
    if (r.name() != null && r.name().parts().size() > 1) { // template <> struct ns::vec_t<float, 4>
    Scope owner = resolveOwner(r.name(), scope);
    if (owner != null) {
      target = owner;
    }
    }
    declaredIn.put(r, target);
    if (r.name() == null) { // an anonymous struct or union: its members belong to the enclosing scope
      if (r.definition()) {
        recordScopes.put(r, target);
        for (Decl m : r.members()) {
          declare(m, target);
        }
      }
      return;
    }
    target.declare(r.simpleName(), r);
    if (r.definition()) {
      Scope rs = new Scope(Scope.Kind.RECORD, r.simpleName(), target, r);
      recordScopes.put(r, rs);
      for (Decl m : r.members()) {
        declare(m, rs);
      }
    }
  }

  private void declareEnum(Decl.Enum e, Scope scope) {
    Scope es = new Scope(Scope.Kind.ENUM, e.name(), scope, null);
    enumScopes.put(e, es);
    if (e.name() != null) {
      scope.declare(e.name(), e);
    }
    for (Decl.Enumerator en : e.enumerators()) {
      declaredIn.put(en, scope);
      enumOf.put(en, e);
      es.declare(en.name(), en);
      if (!e.scoped()) {
        scope.declare(en.name(), en);
      }
    }
  }

  private void declareFunction(Decl.Function f, Scope scope) {
    Scope target = scope;
    boolean outOfClass = false;
    if (f.name().parts().size() > 1) { // out-of-class or out-of-namespace definition: A::f
      Scope owner = resolveOwner(f.name(), scope);
      if (owner != null) {
        target = owner;
        outOfClass = owner.kind() == Scope.Kind.RECORD;
      }
    }
    String name = f.name().lastName();
    // a class template's member defined outside: its template parameters are the class's
    boolean classParams = outOfClass && target.record() != null && target.record().templateParams() != null
        && f.templateParams() != null;
    for (Object o : target.own(name)) {
      if (o instanceof Decl.Function prior && sameSignature(prior, f, classParams)) {
        Decl.Function m = merge(prior, f, classParams);
        target.replace(name, prior, m);
        int i = functions.indexOf(prior);
        if (i >= 0) {
          functions.set(i, m);
        }
        List<Decl.Function> byName = functionsByName.get(name);
        byName.set(byName.indexOf(prior), m);
        merged.put(prior, m);
        merged.put(f, m);
        for (Map.Entry<Decl.Function, Decl.Function> e : merged.entrySet()) {
          if (e.getValue() == prior) {
            e.setValue(m);
          }
        }
        declaredIn.put(m, target);
        declaredIn.put(f, target);
        if (classParams) {
          outOfClassParams.put(m, f.templateParams().stream().map(Decl.TemplateParam::name).toList());
        }
        return;
      }
    }
    functions.add(f);
    functionsByName.computeIfAbsent(name, k -> new ArrayList<>()).add(f);
    target.declare(name, f);
    declaredIn.put(f, target);
    if (classParams) {
      outOfClassParams.put(f, f.templateParams().stream().map(Decl.TemplateParam::name).toList());
    }
  }

  /** Two declarations of one function: same kind, parameter count, written parameter types and template arity. */
  private static boolean sameSignature(Decl.Function a, Decl.Function b, boolean bHasClassParams) {
    if (a.kind() != b.kind() || a.params().size() != b.params().size() || a.cVariadic() != b.cVariadic()) {
      return false;
    }
    int aTemplate = a.templateParams() == null ? -1 : a.templateParams().size();
    int bTemplate = bHasClassParams ? -1 : b.templateParams() == null ? -1 : b.templateParams().size();
    if (aTemplate != bTemplate || (a.body() != null && b.body() != null)) {
      return false;
    }
    for (int i = 0; i < a.params().size(); i++) {
      if (!spelling(a.params().get(i).type()).equals(spelling(b.params().get(i).type()))) {
        return false;
      }
    }
    return true;
  }

  private static String spelling(TypeSpec t) {
    return t == null ? "" : t.toString();
  }

  private static Decl.Function merge(Decl.Function declaration, Decl.Function later, boolean laterHasClassParams) {
    Decl.Function def = later.body() != null ? later : declaration;
    List<Decl.Param> params = new ArrayList<>();
    for (int i = 0; i < def.params().size(); i++) {
      Decl.Param p = def.params().get(i);
      boolean hasDefault = declaration.params().get(i).hasDefault() || later.params().get(i).hasDefault();
      params.add(new Decl.Param(p.start(), p.name(), p.type(), hasDefault));
    }
    java.util.Set<String> quals = new java.util.LinkedHashSet<>(declaration.qualifiers());
    quals.addAll(later.qualifiers());
    return new Decl.Function(declaration.start(), declaration.name(), def.returnType() != null ? def.returnType()
        : declaration.returnType(), ImmutableList.copyOf(params), def.cVariadic(),
        laterHasClassParams ? declaration.templateParams() : def.templateParams(),
        com.google.common.collect.ImmutableSet.copyOf(quals), def.body(), declaration.method(), declaration.kind(),
        def.memInits());
  }

  /** The scope holding what {@code A::B::x} names (its qualifier's namespace or record), or null. */
  Scope resolveOwner(QualifiedName name, Scope from) {
    QualifiedName prefix = new QualifiedName(name.global(), name.parts().subList(0, name.parts().size() - 1));
    Scope ns = resolveNamespace(prefix, from);
    if (ns != null) {
      return ns;
    }
    // A<T>::f, ns::A::f: the last qualifier a record (its primary template)
    Scope owner = prefix.parts().size() > 1 ? resolveNamespace(new QualifiedName(prefix.global(),
        prefix.parts().subList(0, prefix.parts().size() - 1)), from) : null;
    String recordName = prefix.lastName();
    List<Object> found = owner != null ? owner.member(recordName)
        : prefix.parts().size() == 1 ? (prefix.global() ? global.member(recordName) : from.lookup(recordName))
            : List.of();
    for (Object o : found) {
      if (o instanceof Decl.Record r && r.definition() && !r.isSpecialization() && recordScopes.containsKey(r)) {
        return recordScopes.get(r);
      }
    }
    for (Object o : found) {
      if (o instanceof Decl.Record r && r.definition() && recordScopes.containsKey(r)) {
        return recordScopes.get(r);
      }
    }
    return null;
  }

  /** The namespace a (possibly qualified) name denotes, or null. */
  public Scope resolveNamespace(QualifiedName name, Scope from) {
    if (name.parts().isEmpty()) {
      return name.global() ? global : null;
    }
    Scope s = null;
    String first = name.parts().get(0).name();
    if (name.global()) {
      s = global.namespaceMember(first);
    } else {
      for (Scope c = from; c != null && s == null; c = c.parent()) {
        s = c.namespaceMember(first);
      }
    }
    for (int i = 1; i < name.parts().size() && s != null; i++) {
      s = s.namespaceMember(name.parts().get(i).name());
    }
    return s;
  }
}
