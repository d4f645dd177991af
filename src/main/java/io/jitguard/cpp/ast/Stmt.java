package io.jitguard.cpp.ast;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.lex.Token;

/** Statements of function bodies. */
public sealed interface Stmt {
  Token start();

  record Block(Token start, ImmutableList<Stmt> statements) implements Stmt {}

  record Declaration(Token start, ImmutableList<Decl.Var> vars) implements Stmt {}

  /** A local struct, alias or similar declared inside a body. */
  record LocalDecl(Token start, Decl decl) implements Stmt {}

  record ExprStmt(Token start, Expr expr) implements Stmt {}

  /** {@code if}, {@code if constexpr} ({@code isConstexpr}): only the branch the condition selects is instantiated. */
  record If(Token start, boolean isConstexpr, Stmt init, Expr condition, Stmt thenBranch, Stmt elseBranch)
      implements Stmt {}

  record For(Token start, Stmt init, Expr condition, Expr step, Stmt body) implements Stmt {}

  /** {@code for (auto& x : range)}, or with a structured binding ({@code bindings} non-empty, {@code variable} null). */
  record RangeFor(Token start, Decl.Var variable, ImmutableList<Token> bindings, Expr range, Stmt body)
      implements Stmt {}

  /** {@code auto [a, b] = init;}: names whose types the checker does not follow. */
  record StructuredBinding(Token start, ImmutableList<Token> names, Expr init) implements Stmt {}

  /** {@code try { ... } catch (...) { ... }}. */
  record Try(Token start, Block body, ImmutableList<Block> handlers) implements Stmt {}

  record While(Token start, Expr condition, Stmt body) implements Stmt {}

  record DoWhile(Token start, Stmt body, Expr condition) implements Stmt {}

  record Switch(Token start, Expr condition, Stmt body) implements Stmt {}

  record Label(Token start, Expr caseValue) implements Stmt {}

  record Return(Token start, Expr value) implements Stmt {}

  record Jump(Token start) implements Stmt {}

  /** {@code asm volatile("..." : outputs : inputs : clobbers)}: the instruction text and operands. */
  record Asm(Token start, String instructions, ImmutableList<Expr> operands) implements Stmt {}

  record Empty(Token start) implements Stmt {}

  /** A statement the parser skipped after an error, from {@code start} to {@code end}. */
  record Skipped(Token start, Token end, String reason) implements Stmt {}
}
