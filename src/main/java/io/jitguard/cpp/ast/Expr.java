package io.jitguard.cpp.ast;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.lex.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Expressions. {@link #start()} is the token a diagnostic about the whole expression points at. */
public sealed interface Expr {
  Token start();

  /**
   * The expressions directly inside this one, left to right, null where a part is absent (not a
   * lambda's body, which holds statements).
   */
  default List<Expr> children() {
    if (this instanceof Unary u) {
      return Arrays.asList(u.operand());
    } else if (this instanceof Binary b) {
      return Arrays.asList(b.left(), b.right());
    } else if (this instanceof Conditional c) {
      return Arrays.asList(c.condition(), c.whenTrue(), c.whenFalse());
    } else if (this instanceof Call c) {
      List<Expr> out = new ArrayList<>(c.args().size() + 1);
      out.add(c.callee());
      out.addAll(c.args());
      return out;
    } else if (this instanceof Launch l) {
      List<Expr> out = new ArrayList<>();
      out.add(l.callee());
      out.addAll(l.config());
      out.addAll(l.args());
      return out;
    } else if (this instanceof Member m) {
      return Arrays.asList(m.base());
    } else if (this instanceof Index i) {
      return Arrays.asList(i.base(), i.index());
    } else if (this instanceof Cast c) {
      return c.operands();
    } else if (this instanceof InitList l) {
      return l.items();
    } else if (this instanceof Designated d) {
      return Arrays.asList(d.value());
    } else if (this instanceof Special s) {
      return s.operands();
    }
    return List.of();
  }

  /** This expression and every one inside it, visited without recursion (so any depth is safe). */
  default void forEach(Consumer<Expr> visit) {
    ArrayDeque<Expr> work = new ArrayDeque<>();
    work.push(this);
    while (!work.isEmpty()) {
      Expr e = work.pop();
      visit.accept(e);
      List<Expr> kids = e.children();
      for (int i = kids.size() - 1; i >= 0; i--) {
        if (kids.get(i) != null) {
          work.push(kids.get(i));
        }
      }
    }
  }

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
