package io.jitguard.cpp.lex;

/** The kinds of preprocessing token; keywords are identifiers until the parser looks at them. */
public enum TokenKind {
  IDENTIFIER,
  NUMBER,
  STRING,
  CHAR,
  PUNCT,
  /** End of a logical line: seen only by the preprocessor. */
  NEWLINE,
  EOF
}
