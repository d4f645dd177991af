package io.jitguard.cpp.ast;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.jitguard.cpp.lex.Token;

/** Declarations. A declaration inside {@code template <...>} carries those parameters. */
public sealed interface Decl {
  Token start();

  record TemplateParam(Token start, Kind kind, String name, boolean pack, boolean hasDefault, TypeSpec valueType) {
    public enum Kind { TYPE, VALUE, TEMPLATE }
  }

  record Namespace(Token start, String name, ImmutableList<Decl> decls) implements Decl {}

  record UsingNamespace(Token start, QualifiedName target) implements Decl {}

  record UsingName(Token start, QualifiedName target) implements Decl {}

  /** {@code using Name = Type;} or {@code typedef Type Name;}. */
  record Alias(Token start, String name, TypeSpec type, ImmutableList<TemplateParam> templateParams) implements Decl {}

  record Record(Token start, String keyword, String name, ImmutableList<TemplateParam> templateParams,
      ImmutableList<QualifiedName> bases, ImmutableList<Decl> members, boolean definition) implements Decl {}

  record Enum(Token start, String name) implements Decl {}

  record Field(Token start, String name, TypeSpec type) implements Decl {}

  record Param(Token start, String name, TypeSpec type, boolean hasDefault) implements Decl {
    public boolean pack() {
      return type.pack();
    }
  }

  /**
   * A function or method, declared or defined. {@code start} is the token of its name, where
   * notes about its declaration point.
   */
  record Function(Token start, QualifiedName name, TypeSpec returnType, ImmutableList<Param> params,
      boolean cVariadic, ImmutableList<TemplateParam> templateParams, ImmutableSet<String> qualifiers,
      Stmt.Block body, boolean method) implements Decl {

    public boolean isTemplate() {
      return templateParams != null;
    }

    /** Fewest arguments a call needs: parameters before the first default or pack. */
    public int minArgs() {
      int n = 0;
      for (Param p : params) {
        if (p.hasDefault() || p.pack()) {
          break;
        }
        n++;
      }
      return n;
    }

    /** Most arguments a call may pass, or -1 for no limit (a pack or C varargs). */
    public int maxArgs() {
      if (cVariadic || params.stream().anyMatch(Param::pack)) {
        return -1;
      }
      return params.size();
    }
  }

  record Var(Token start, String name, TypeSpec type, Expr init) implements Decl {}

  /** {@code template __global__ void k<float>(float*);}: an explicit instantiation definition. */
  record ExplicitInstantiation(Token start, QualifiedName name) implements Decl {}

  record Skipped(Token start, Token end, String reason) implements Decl {}
}
