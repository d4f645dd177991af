package io.jitguard.cpp.ast;

/** A template argument as written: a type or an expression. */
public sealed interface TemplateArg {
  record Type(TypeSpec type) implements TemplateArg {
    @Override
    public String toString() {
      return type.toString();
    }
  }

  record Value(Expr expr) implements TemplateArg {
    @Override
    public String toString() {
      return "<expr>";
    }
  }
}
