package io.jitguard.cpp.lex;

/**
 * A macro expansion a token went through: the macro's name, the token that invoked it (where the
 * user wrote the macro's name), and the expansion that invocation itself came from, if any.
 */
public record Expansion(String macro, Token invocation, Expansion parent, int depth) {
  public Expansion(String macro, Token invocation, Expansion parent) {
    this(macro, invocation, parent, parent == null ? 1 : parent.depth + 1);
  }

  /** The outermost invocation: where the user wrote the first macro of the chain. */
  public Token outermostInvocation() {
    Expansion e = this;
    while (e.parent != null) {
      e = e.parent;
    }
    return e.invocation;
  }
}
