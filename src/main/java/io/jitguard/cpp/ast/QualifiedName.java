package io.jitguard.cpp.ast;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.lex.Token;
import java.util.stream.Collectors;

/** {@code ::ns::Name<Args>::member}: the parts, each with its template arguments (null: none written). */
public record QualifiedName(boolean global, ImmutableList<Part> parts) {
  /** One component, {@code MLAParams<DTypeQ, float>}. */
  public record Part(Token token, ImmutableList<TemplateArg> templateArgs) {
    public String name() {
      return token.text();
    }
  }

  public static QualifiedName simple(Token t) {
    return new QualifiedName(false, ImmutableList.of(new Part(t, null)));
  }

  public Part last() {
    return parts.get(parts.size() - 1);
  }

  public String lastName() {
    return last().name();
  }

  public Token token() {
    return last().token();
  }

  public boolean isQualified() {
    return global || parts.size() > 1;
  }

  @Override
  public String toString() {
    return (global ? "::" : "") + parts.stream().map(p -> p.name() + (p.templateArgs() == null ? ""
        : "<" + p.templateArgs().stream().map(Object::toString).collect(Collectors.joining(", ")) + ">"))
        .collect(Collectors.joining("::"));
  }
}
