package io.jitguard.cpp.ast;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.lex.Token;

/** Expressions. {@link #start()} is the token a diagnostic about the whole expression points at. */
public sealed interface Expr {
  Token start();

  record Name(QualifiedName name) implements Expr {
    public Token start() {
      return name.parts().get(0).token();
    }
  }

  /** Integer, floating, string, character, {@code true}/{@code false}, {@code nullptr}. */
  record Literal(Token start, Kind kind) implements Expr {
    public enum Kind { INTEGER, FLOATING, STRING, CHARACTER, BOOLEAN, NULLPTR }

    public boolean isZero() {
      return kind == Kind.INTEGER && start.text().replaceAll("[uUlL]", "").matches("0+|0[xX]0+");
    }
  }

  record This(Token start) implements Expr {}

  record Unary(Token start, String op, Expr operand, boolean postfix) implements Expr {}

  /** Binary operators, assignments ({@code =}, {@code +=}, ...) and the comma operator. */
  record Binary(Token op, Expr left, Expr right) implements Expr {
    public Token start() {
      return left.start();
    }

    public boolean isAssignment() {
      String t = op.text();
      return t.endsWith("=") && !t.equals("==") && !t.equals("!=") && !t.equals("<=") && !t.equals(">=");
    }
  }

  record Conditional(Expr condition, Expr whenTrue, Expr whenFalse) implements Expr {
    public Token start() {
      return condition.start();
    }
  }

  record Call(Expr callee, ImmutableList<Expr> args, Token open) implements Expr {
    public Token start() {
      return callee.start();
    }
  }

  /** {@code kernel<<<grid, block, smem, stream>>>(args)}. */
  record Launch(Expr callee, ImmutableList<Expr> config, ImmutableList<Expr> args, Token open) implements Expr {
    public Token start() {
      return callee.start();
    }
  }

  record Member(Expr base, Token name, ImmutableList<TemplateArg> templateArgs, boolean arrow) implements Expr {
    public Token start() {
      return base.start();
    }
  }

  record Index(Expr base, Expr index) implements Expr {
    public Token start() {
      return base.start();
    }
  }

  /** Any written conversion: {@code (T)x}, {@code static_cast<T>(x)}, {@code T(x)}, {@code T{x}}. */
  record Cast(Token start, String kind, TypeSpec type, ImmutableList<Expr> operands) implements Expr {}

  record Lambda(Token start, ImmutableList<Decl.Param> params, Stmt.Block body) implements Expr {}

  record InitList(Token start, ImmutableList<Expr> items) implements Expr {}

  /** {@code sizeof}, {@code alignof}, {@code new}, {@code delete}, {@code typeid}: typed as far as needed. */
  record Special(Token start, String keyword, ImmutableList<Expr> operands) implements Expr {}

  /** Something the parser did not understand; it skipped it and went on. */
  record Unknown(Token start) implements Expr {}
}
