package io.jitguard.cpp.lex;

import io.jitguard.source.SourceFile;
import io.jitguard.source.SourceLocation;
import java.util.Set;

/**
 * A token with its provenance: the file and logical offset where its characters were written, and
 * the macro expansion (if any) that put it where it is. The include stack is the file's, kept by
 * the preprocessor's {@link IncludeTrail}.
 */
public final class Token {
  private final TokenKind kind;
  private final String text;
  private final SourceFile file;
  private final int offset;
  private final boolean leadingSpace;
  private final boolean lineStart;
  private final Expansion expansion;
  private final Set<String> hideSet;
  private final IncludeTrail includedFrom;

  public Token(TokenKind kind, String text, SourceFile file, int offset, boolean leadingSpace, boolean lineStart,
      Expansion expansion, Set<String> hideSet, IncludeTrail includedFrom) {
    this.kind = kind;
    this.text = text;
    this.file = file;
    this.offset = offset;
    this.leadingSpace = leadingSpace;
    this.lineStart = lineStart;
    this.expansion = expansion;
    this.hideSet = hideSet;
    this.includedFrom = includedFrom;
  }

  public TokenKind kind() {
    return kind;
  }

  public String text() {
    return text;
  }

  public SourceFile file() {
    return file;
  }

  /** Logical offset in {@link #file()}. */
  public int offset() {
    return offset;
  }

  public boolean leadingSpace() {
    return leadingSpace;
  }

  public boolean atLineStart() {
    return lineStart;
  }

  /** The macro expansion that produced this token here, or null for a token used where written. */
  public Expansion expansion() {
    return expansion;
  }

  public Set<String> hideSet() {
    return hideSet;
  }

  public IncludeTrail includedFrom() {
    return includedFrom;
  }

  /** Where the characters of this token were written. */
  public SourceLocation location() {
    return file.location(offset);
  }

  public boolean is(String s) {
    return text.equals(s) && kind != TokenKind.STRING && kind != TokenKind.CHAR;
  }

  public boolean isIdentifier() {
    return kind == TokenKind.IDENTIFIER;
  }

  public Token withExpansion(Expansion e, Set<String> hides, boolean space) {
    return new Token(kind, text, file, offset, space, false, e, hides, includedFrom);
  }

  /** The same token as reached through another inclusion. */
  public Token withTrail(IncludeTrail trail) {
    return new Token(kind, text, file, offset, leadingSpace, lineStart, expansion, hideSet, trail);
  }

  public Token withText(TokenKind k, String t) {
    return new Token(k, t, file, offset, leadingSpace, lineStart, expansion, hideSet, includedFrom);
  }

  @Override
  public String toString() {
    return text;
  }
}
