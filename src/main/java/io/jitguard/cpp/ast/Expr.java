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

  /**
   * Any written conversion or construction: {@code (T)x} ({@code c-style}), {@code static_cast<T>(x)}
   * (the cast's name), {@code T(x)} ({@code functional}), {@code T{x}} ({@code functional-list}), and
   * a declaration's {@code T v(args)} ({@code construct}).
   */
  record Cast(Token start, String kind, TypeSpec type, ImmutableList<Expr> operands) implements Expr {}

  /** {@code [captures](params) -> ret { body }}; {@code params} null when none were written. */
  record Lambda(Token start, ImmutableList<Decl.Param> params, TypeSpec returnType, Stmt.Block body) implements Expr {}

  record InitList(Token start, ImmutableList<Expr> items) implements Expr {}

  /** {@code .name = value} inside a braced list. */
  record Designated(Token name, Expr value) implements Expr {
    public Token start() {
      return name;
    }
  }

  /**
   * {@code sizeof}, {@code alignof}, {@code new}, {@code delete}, {@code typeid}, {@code throw}:
   * typed as far as needed; {@code type} is the type operand ({@code sizeof(T)}, {@code new T}) or null.
   */
  record Special(Token start, String keyword, ImmutableList<Expr> operands, TypeSpec type) implements Expr {
    public Special(Token start, String keyword, ImmutableList<Expr> operands) {
      this(start, keyword, operands, null);
    }
  }

  /** Something the parser did not understand; it skipped it and went on. */
  record Unknown(Token start) implements Expr {}
}
