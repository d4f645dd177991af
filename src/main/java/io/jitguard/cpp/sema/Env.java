package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where a name is looked up: a namespace or record scope (and, outward, its parents), the
 * template parameters in view (bound to types or values, or not bound), the block-scope names of
 * the body being walked, and the record whose members (with its bases') are in scope.
 *
 * @param transparent seen from a caller: a bound parameter is the caller's type as the caller wrote it
 */
record Env(Scope scope, ImmutableMap<String, Type> bound, ImmutableSet<String> unbound, Locals locals,
    Type.Named self, boolean transparent) {

  /** Block-scope names of a function body: local aliases and records, variables, constants. */
  interface Locals {
    /** A local alias or record of this name, or null. */
    Type type(String name);

    /** A local variable or parameter of this name, or null. */
    Type variable(String name);

    /** The value of a local constant ({@code constexpr int N = 4;}), if it has one. */
    OptionalLong constant(String name);
  }

  static Env of(Scope scope) {
    return new Env(scope, ImmutableMap.of(), ImmutableSet.of(), null, null, false);
  }

  static Env of(Scope scope, java.util.Map<String, Type> bound, Set<String> unbound) {
    return new Env(scope, ImmutableMap.copyOf(bound), ImmutableSet.copyOf(unbound), null, null, false);
  }

  Env withSelf(Type.Named s) {
    return new Env(scope, bound, unbound, locals, s, transparent);
  }

  Env withLocals(Locals l) {
    return new Env(scope, bound, unbound, l, self, transparent);
  }

  Env transparently() {
    return new Env(scope, bound, unbound, locals, self, true);
  }

  boolean isTemplateParameter(String name) {
    return bound.containsKey(name) || unbound.contains(name);
  }
}
