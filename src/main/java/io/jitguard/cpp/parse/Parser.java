package io.jitguard.cpp.parse;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.ast.QualifiedName;
import io.jitguard.cpp.ast.Stmt;
import io.jitguard.cpp.ast.TemplateArg;
import io.jitguard.cpp.ast.TypeSpec;
import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.lex.TokenKind;
import io.jitguard.cpp.parse.NameTable.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A recursive-descent parser for the C++ that CUDA kernel libraries are written in. Like a C++
 * compiler it must know which names are types and which are templates (to read {@code a < b} and
 * {@code T * p} right); it learns them from the declarations it sees and from its model of the
 * CUDA and standard names ({@link NameTable}). A name it has never seen declared (its header is
 * missing) is read by the syntax around it: {@code at::Tensor f(at::Tensor x)} is a function,
 * {@code std::vector<int> v;} a declaration. A construct it does not understand is skipped up to
 * the end of its statement or declaration, recorded as a problem, and parsing goes on. Nesting is
 * bounded ({@link #MAX_NESTING}), so no input can exhaust the stack.
 */
public final class Parser extends TokenCursor {
  /** Something the parser skipped. */
  /** A construct the parser skipped; {@code limit}: because it nests deeper than the parser reads. */
  public record Problem(Token at, String message, boolean limit) {
    public Problem(Token at, String message) {
      this(at, message, false);
    }
  }

  /**
   * The declarations, the problems met, the names that skipped declarations may have declared as
   * functions (a name followed by '(' inside one: overload sets of those names may be
   * incomplete), and internal failures of the parser itself (a gap in jitguard, not in the input).
   */
  public record TranslationUnit(ImmutableList<Decl> decls, ImmutableList<Problem> problems,
      ImmutableSet<String> possiblyDeclared, ImmutableList<Problem> internalErrors) {}

  /** How deeply expressions, statements, declarations and types may nest before one is skipped. */
  public static final int MAX_NESTING = 256;

  static final Set<String> BUILTIN_TYPE_WORDS = Set.of("void", "bool", "char", "wchar_t", "char8_t", "char16_t",
      "char32_t", "short", "int", "long", "float", "double", "signed", "unsigned", "__int128");
  private static final Set<String> DECL_SPECIFIERS = Set.of("static", "inline", "constexpr", "consteval",
      "constinit", "extern", "__device__", "__host__", "__global__", "__forceinline__", "__noinline__", "__inline__",
      "virtual", "explicit", "mutable", "thread_local", "__shared__", "__constant__", "__managed__", "register",
      "__grid_constant__", "__restrict__", "__restrict", "friend", "__inline", "__forceinline");
  private static final Set<String> SPECIFIERS_WITH_ARGS = Set.of("__launch_bounds__", "__align__", "alignas",
      "__attribute__", "__declspec", "__cluster_dims__", "__maxnreg__", "__launch_bounds", "__nv_register_params__");
  private static final Set<String> CUDA_QUALIFIERS = Set.of("__global__", "__device__", "__host__");
  private static final Set<String> CASTS = Set.of("static_cast", "reinterpret_cast", "const_cast", "dynamic_cast",
      "bit_cast");
  private static final String[][] BINARY_LEVELS = {
      {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", ">", "<=", ">=", "<=>"}, {"<<", ">>"},
      {"+", "-"}, {"*", "/", "%"}, {".*", "->*"}};
  private static final Set<String> ASSIGNMENT_OPS = Set.of("=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=",
      "&=", "|=", "^=");
  /** After the '>' of an unknown name's template arguments, in an expression. */
  private static final Set<String> EXPRESSION_FOLLOW = Set.of("(", "::", "{", ")", ",", ";", "]", "}", "&&", "||",
      "?", ":", "==", "!=", ">", ">>", "...");
  /** Words that start a type and never an expression: after one, a '<' can only have opened template arguments. */
  private static final Set<String> TYPE_ONLY_WORDS = Set.of("const", "volatile", "typename", "class", "struct",
      "enum", "union");
  private static final Set<String> STATEMENT_KEYWORDS = Set.of("for", "while", "do", "if", "switch", "return", "{",
      "break", "continue");
  private static final Set<String> OPERATOR_SYMBOLS = Set.of("+", "-", "*", "/", "%", "^", "&", "|", "~", "!", "=",
      "<", ">", "+=", "-=", "*=", "/=", "%=", "^=", "&=", "|=", "<<", ">>", ">>=", "<<=", "==", "!=", "<=", ">=",
      "<=>", "&&", "||", "++", "--", ",", "->*", "->");

  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> internal = new ArrayList<>();
  private final Set<String> possiblyDeclared = new HashSet<>();
  private final NameTable names = new NameTable();
  /** The argument of the last {@code alignas}/{@code __align__} that {@link #specifiers()} passed, for a field or class. */
  private Expr alignas;
  /** While parsing template arguments or a launch configuration, '>' ends the expression. */
  private int noGreater;
  private int depth;
  /** Declarations and statements being read, around the current token. */
  private int declarations;
  private int statements;
  private int unnamedParams;
  /** In a name expression every '<' after a name opens template arguments. */
  private boolean everyAngleOpensArguments;

  private Parser(List<Token> tokens) {
    super(tokens);
  }

  public static TranslationUnit parse(List<Token> tokens) {
    Parser parser = new Parser(tokens);
    List<Decl> decls = new ArrayList<>();
    if (parser.empty()) {
      return new TranslationUnit(ImmutableList.of(), ImmutableList.of(), ImmutableSet.of(), ImmutableList.of());
    }
    while (!parser.atEof()) {
      int before = parser.p;
      parser.declaration(decls, null);
      if (parser.p == before) {
        parser.p++;
      }
    }
    return new TranslationUnit(ImmutableList.copyOf(decls), ImmutableList.copyOf(parser.problems),
        ImmutableSet.copyOf(parser.possiblyDeclared), ImmutableList.copyOf(parser.internal));
  }

  /**
   * Parses a name expression as NVRTC takes it ({@code ns::kernel<__nv_bfloat16, float>}): every
   * '<' after a name opens template arguments. Returns null when the text is not one.
   */
  public static QualifiedName nameExpression(List<Token> tokens, Set<String> knownTypes) {
    Parser parser = new Parser(tokens);
    if (parser.empty()) {
      return null;
    }
    knownTypes.forEach(t -> parser.names.declare(t, Kind.TYPE));
    parser.everyAngleOpensArguments = true;
    try {
      QualifiedName name = parser.qualifiedName(false);
      return parser.atEof() ? name : null;
    } catch (ParseError | IndexOutOfBoundsException e) {
      return null;
    }
  }

  // ------------------------------------------------------------------ helpers

  private void enter() {
    if (++depth > MAX_NESTING) {
      depth--;
      throw new TooDeep(cur(), "declarations, statements and expressions nested more than " + MAX_NESTING
          + " levels deep; the construct was skipped");
    }
  }

  private void leave() {
    depth--;
  }

  /** Parses where '>' closes a template argument list rather than comparing. */
  private <T> T withoutGreater(Supplier<T> parse) {
    noGreater++;
    try {
      return parse.get();
    } finally {
      noGreater--;
    }
  }

  /** Inside brackets a '>' compares again, even within template arguments. */
  private <T> T withGreater(Supplier<T> parse) {
    int saved = noGreater;
    noGreater = 0;
    try {
      return parse.get();
    } finally {
      noGreater = saved;
    }
  }

  private static boolean isKeyword(Token t) {
    return NameTable.KEYWORDS.contains(t.text());
  }

  private boolean isName(Token t) {
    return t.isIdentifier() && !isKeyword(t);
  }

  /** {@code CUTE_HOST_DEVICE}, {@code CUTLASS_PRAGMA_UNROLL}: how an unexpanded macro is usually spelled. */
  private static boolean looksLikeMacro(String s) {
    if (s.length() < 3) {
      return false;
    }
    boolean letter = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      letter |= Character.isLetter(c);
    }
    return letter && (s.indexOf('_') >= 0 || s.length() >= 5);
  }

  private boolean unknownMacroAt(int i) {
    Token t = at(i);
    return isName(t) && looksLikeMacro(t.text()) && names.classify(t.text()) == Kind.UNKNOWN;
  }

  private static TypeSpec opaque(Token at) {
    return new TypeSpec(at, null, null, false, true, false, false, ImmutableList.of(), TypeSpec.Ref.NONE, 0, false);
  }

  // ------------------------------------------------------------------ names

  /** A (possibly qualified) name ahead in the tokens: where it ends and what its last part is. */
  private record NameShape(int end, Kind kind, boolean qualified, boolean templateArgs) {}

  private Kind classify(String qualifier, boolean global, String name) {
    if (qualifier.isEmpty() && !global) {
      return names.classify(name);
    }
    return names.classifyQualified(qualifier.isEmpty() ? "" : qualifier, name);
  }

  /** Whether the '<' at {@code i}, after a name of this kind, opens template arguments. */
  private boolean opensArguments(int i, Kind kind, boolean forced, boolean typeContext) {
    if (everyAngleOpensArguments || forced || kind.isType() || kind.isTemplate()) {
      return true;
    }
    if (TYPE_ONLY_WORDS.contains(at(i + 1).text()) && skipAngles(i) > 0) {
      return true; // no operand starts so: pybind11::init<const T&, int>() though 'init' is a value elsewhere
    }
    if (kind != Kind.UNKNOWN) {
      return false;
    }
    int close = skipAngles(i);
    if (close < 0) {
      return false;
    }
    if (typeContext) {
      return true;
    }
    Token after = at(close);
    if (after.is("<<") && at(close + 1).is("<")) { // kernel<T><<<grid, block>>>(...)
      return true;
    }
    String name = at(i - 1).text();
    if ((name.endsWith("_v") || name.endsWith("_t")) && name.length() > 2) {
      return true; // the standard spelling of variable and alias templates: is_same_v, conditional_t
    }
    if (after.kind() != TokenKind.PUNCT || !EXPRESSION_FOLLOW.contains(after.text())) {
      return false;
    }
    return !hasTopLevel(i, close, Set.of("&&", "||", "?", ";"));
  }

  /** Scans a name at {@code q} without consuming it; null when none starts there. */
  private NameShape scanName(int q, boolean typeContext) {
    int i = q;
    boolean global = false;
    if (at(i).is("::")) {
      i++;
      global = true;
    }
    StringBuilder qual = new StringBuilder();
    Kind kind = null;
    boolean args = false;
    while (true) {
      boolean forced = false;
      if (at(i).is("template")) {
        forced = true;
        i++;
      }
      Token id = at(i);
      if (!isName(id)) {
        break;
      }
      i++;
      kind = classify(qual.toString(), global, id.text());
      args = false;
      if (at(i).is("<") && opensArguments(i, kind, forced, typeContext)) {
        int close = skipAngles(i);
        if (close < 0) {
          return kind == null ? null : new NameShape(i, kind, qual.length() > 0 || global, false);
        }
        i = close;
        args = true;
      }
      if (at(i).is("::") && (isName(at(i + 1)) || at(i + 1).is("template"))) {
        qual.append(qual.length() == 0 ? "" : "::").append(id.text());
        i++;
        continue;
      }
      break;
    }
    return kind == null ? null : new NameShape(i, kind, qual.length() > 0 || global, args);
  }

  /** Whether the current token begins a type the parser knows to be one. */
  private boolean startsType() {
    Token t = cur();
    String s = t.text();
    if (!t.isIdentifier() && !t.is("::")) {
      return false;
    }
    if (BUILTIN_TYPE_WORDS.contains(s) || s.equals("const") || s.equals("volatile") || s.equals("auto")
        || s.equals("typename") || s.equals("decltype") || s.equals("struct") || s.equals("class")
        || s.equals("enum") || s.equals("union") || s.equals("__typeof__")) {
      return true;
    }
    NameShape shape = scanName(p, true);
    return shape != null && shape.kind().isType();
  }

  private QualifiedName qualifiedName(boolean typeContext) {
    boolean global = accept("::");
    List<QualifiedName.Part> parts = new ArrayList<>();
    StringBuilder qual = new StringBuilder();
    while (true) {
      boolean forced = accept("template");
      if (at("operator")) {
        parts.add(new QualifiedName.Part(operatorName(), null));
        break;
      }
      Token id = identifier();
      Kind kind = classify(qual.toString(), global, id.text());
      ImmutableList<TemplateArg> args = null;
      if (at("<") && opensArguments(p, kind, forced, typeContext)) {
        args = templateArgs();
      }
      parts.add(new QualifiedName.Part(id, args));
      if (at("::") && (peek(1).isIdentifier() || peek(1).is("template") || peek(1).is("operator"))) {
        qual.append(qual.length() == 0 ? "" : "::").append(id.text());
        p++;
        continue;
      }
      break;
    }
    return new QualifiedName(global, ImmutableList.copyOf(parts));
  }

  /** {@code operator()}, {@code operator+=}, {@code operator new[]}, {@code operator float}: one token named so. */
  private Token operatorName() {
    Token op = expect("operator");
    StringBuilder name = new StringBuilder("operator");
    if (at("(") && peek(1).is(")")) {
      p += 2;
      name.append("()");
    } else if (at("[") && peek(1).is("]")) {
      p += 2;
      name.append("[]");
    } else if (at("new") || at("delete")) {
      name.append(' ').append(next().text());
      if (at("[") && peek(1).is("]")) {
        p += 2;
        name.append("[]");
      }
    } else if (cur().kind() == TokenKind.STRING) {
      next();
      name.append("\"\"").append(cur().isIdentifier() ? next().text() : "");
    } else if (cur().kind() == TokenKind.PUNCT && OPERATOR_SYMBOLS.contains(cur().text())) {
      name.append(next().text());
    } else { // a conversion function: operator T
      TypeSpec t = pointerOps(type());
      name.append(' ').append(t);
    }
    return op.withText(TokenKind.IDENTIFIER, name.toString());
  }

  /**
   * A template argument list parsed at one '<' (the token itself is the key: splitting a '>>'
   * shifts indices), valid while the names are as they were and no token was split since:
   * speculative parses try the same list again as a type and as an expression, and without this
   * {@code A<A<A<...x+>>>} costs 2^depth.
   */
  private record ArgsMemo(long version, int tokens, int end, ImmutableList<TemplateArg> args, ParseError failure) {}

  private final Map<Token, ArgsMemo> argsMemo = new IdentityHashMap<>();

  private ImmutableList<TemplateArg> templateArgs() {
    Token open = cur();
    ArgsMemo memo = argsMemo.get(open);
    if (memo != null && memo.version() == names.version() && memo.tokens() == toks.size()) {
      p = memo.end();
      if (memo.failure() != null) {
        throw memo.failure();
      }
      return memo.args();
    }
    long version = names.version();
    try {
      ImmutableList<TemplateArg> args = parseTemplateArgs();
      argsMemo.put(open, new ArgsMemo(version, toks.size(), p, args, null));
      return args;
    } catch (TooDeep e) {
      throw e;
    } catch (ParseError e) {
      argsMemo.put(open, new ArgsMemo(version, toks.size(), p, null, e));
      throw e;
    }
  }

  private ImmutableList<TemplateArg> parseTemplateArgs() {
    enter();
    try {
      expect("<");
      List<TemplateArg> args = withoutGreater(() -> {
        List<TemplateArg> list = new ArrayList<>();
        while (!at(">") && !at(">>") && !atEof()) {
          list.add(templateArgument());
          accept("...");
          if (!accept(",")) {
            break;
          }
        }
        return list;
      });
      expect(">");
      return ImmutableList.copyOf(args);
    } finally {
      leave();
    }
  }

  private boolean endsTemplateArgument() {
    return at(",") || at(">") || at(">>") || at("...");
  }

  private TemplateArg templateArgument() {
    int save = p;
    boolean known = startsType();
    if (known || (isName(cur()) || at("::"))) {
      try {
        TypeSpec t = typeWithDeclarator();
        if (endsTemplateArgument() && (known || !t.pointers().isEmpty() || t.ref() != TypeSpec.Ref.NONE
            || t.isConst() || t.isVolatile() || t.arrayDims() > 0 || t.opaque())) {
          return new TemplateArg.Type(t);
        }
      } catch (TooDeep e) {
        throw e;
      } catch (ParseError e) {
        // an expression after all
      }
      p = save;
    }
    return new TemplateArg.Value(conditional());
  }

  // ------------------------------------------------------------------ declarations

  private void declaration(List<Decl> out, String recordName) {
    int start = p;
    int size = out.size();
    try {
      enter();
      declarations++;
      try {
        declarationInner(out, recordName, null);
      } finally {
        declarations--;
        leave();
      }
    } catch (TooDeep e) {
      if (declarations > 0 || statements > 0) {
        throw e; // the outermost declaration or statement skips the whole construct
      }
      problems.add(new Problem(e.at, e.getMessage(), true));
      p = start;
      skipDeclaration(out, size, start, e.getMessage());
    } catch (ParseError e) {
      problems.add(new Problem(e.at, e.getMessage()));
      skipDeclaration(out, size, start, e.getMessage());
    } catch (RuntimeException e) { // a gap in the parser: skip the declaration, keep the file
      internal.add(new Problem(at(start), "internal parser error (" + e + ")"));
      skipDeclaration(out, size, start, e.toString());
    }
  }

  private void skipDeclaration(List<Decl> out, int size, int start, String why) {
    while (out.size() > size) {
      out.remove(out.size() - 1); // what the failed declaration had added is incomplete
    }
    p = Math.min(Math.max(p, start), toks.size() - 1);
    if (p == start) {
      p++;
    }
    recover(false);
    markPossiblyDeclared(start, p);
    out.add(new Decl.Skipped(at(start), at(Math.max(start, p - 1)), why));
  }

  private void markPossiblyDeclared(int from, int to) {
    for (int i = from; i + 1 < to; i++) {
      if (toks.get(i).isIdentifier() && toks.get(i + 1).is("(")) {
        possiblyDeclared.add(toks.get(i).text());
      }
    }
  }

  private void declarationInner(List<Decl> out, String recordName, ImmutableList<Decl.TemplateParam> tparams) {
    Token s = cur();
    if (accept(";")) {
      return;
    }
    if (recordName != null && (at("public") || at("private") || at("protected")) && peek(1).is(":")) {
      p += 2;
      return;
    }
    if (s.isIdentifier()) {
      switch (s.text()) {
        case "namespace" -> {
          namespace(out);
          return;
        }
        case "inline" -> {
          if (peek(1).is("namespace")) {
            p++;
            namespace(out);
            return;
          }
        }
        case "using" -> {
          out.add(using(tparams, false));
          return;
        }
        case "typedef" -> {
          out.addAll(typedef(false));
          return;
        }
        case "template" -> {
          template(out, recordName);
          return;
        }
        case "concept" -> { // template <typename T> concept all = requires { ... } && ...;
          p++;
          if (isName(cur())) {
            names.declare(cur().text(), Kind.CONCEPT);
          }
          skipPastSemicolon();
          return;
        }
        case "static_assert", "export" -> {
          recover(false);
          return;
        }
        case "friend" -> {
          int start = p;
          recover(false);
          markPossiblyDeclared(start, p);
          return;
        }
        case "extern" -> {
          if (peek(1).kind() == TokenKind.STRING) {
            p += 2;
            if (at("{")) {
              p++;
              while (!at("}") && !atEof()) {
                int before = p;
                declaration(out, null);
                if (p == before) {
                  p++;
                }
              }
              expect("}");
            } else {
              declarationInner(out, recordName, tparams);
            }
            return;
          }
          if (peek(1).is("template")) {
            recover(false);
            return;
          }
        }
        default -> {
          // below
        }
      }
    }
    if (tparams == null && unknownMacroAt(p) && peek(1).is("(") && !(recordName != null && at(recordName))) {
      unexpandedMacro(out);
      return;
    }
    simpleDeclaration(out, tparams, recordName, false);
  }

  /**
   * {@code TORCH_LIBRARY_FRAGMENT(ns, m) { ... }} or {@code EXPORT_FUNC(name, fn);} at namespace
   * scope, from a header that is not there: its arguments are skipped and a body after it is read
   * as a function's, so the calls in it are still checked.
   */
  private void unexpandedMacro(List<Decl> out) {
    Token name = identifier();
    skipBalanced();
    if (accept(";")) {
      return;
    }
    if (at("{")) {
      names.push();
      try {
        Stmt.Block body = block();
        out.add(new Decl.Function(name, QualifiedName.simple(name), null, ImmutableList.of(), false, null,
            ImmutableSet.of(), body, false));
      } finally {
        names.pop();
      }
    }
  }

  private void namespace(List<Decl> out) {
    Token s = expect("namespace");
    List<String> parts = new ArrayList<>();
    while (cur().isIdentifier() && !at("{")) {
      accept("inline");
      parts.add(identifier().text());
      if (!accept("::")) {
        break;
      }
    }
    specifiers();
    if (accept("=")) { // namespace alias
      QualifiedName target = qualifiedName(false);
      expect(";");
      String alias = parts.isEmpty() ? null : parts.get(0);
      names.declare(alias, Kind.NAMESPACE);
      out.add(new Decl.NamespaceAlias(s, alias, target));
      return;
    }
    parts.forEach(n -> names.declare(n, Kind.NAMESPACE));
    expect("{");
    List<Decl> inner = new ArrayList<>();
    while (!at("}") && !atEof()) {
      int before = p;
      declaration(inner, null);
      if (p == before) {
        p++;
      }
    }
    expect("}");
    Decl.Namespace ns = null;
    for (int i = parts.size() - 1; i >= 0; i--) {
      ns = new Decl.Namespace(s, parts.get(i), ns == null ? ImmutableList.copyOf(inner) : ImmutableList.of(ns));
    }
    out.add(ns != null ? ns : new Decl.Namespace(s, null, ImmutableList.copyOf(inner)));
  }

  private Decl using(ImmutableList<Decl.TemplateParam> tparams, boolean local) {
    Token s = expect("using");
    if (accept("namespace")) {
      QualifiedName target = qualifiedName(false);
      expect(";");
      if (target.parts().size() == 1 && target.lastName().equals("std")) {
        names.usingNamespaceStd();
      }
      return new Decl.UsingNamespace(s, target);
    }
    if (cur().isIdentifier() && (peek(1).is("=") || (peek(1).is("[") && peek(2).is("[")))) {
      Token name = identifier();
      specifiers();
      expect("=");
      TypeSpec type;
      if ((at("struct") || at("union") || at("class")) && recordBodyAhead()) { // using D = struct alignas(64) {...};
        record(null);
        type = opaque(name);
      } else {
        type = typeWithDeclarator();
      }
      expect(";");
      Kind kind = tparams != null && !tparams.isEmpty() ? Kind.TYPE_TEMPLATE : Kind.TYPE;
      if (local) {
        names.declareLocal(name.text(), kind);
      } else {
        names.declare(name.text(), kind);
      }
      return new Decl.Alias(name, name.text(), type, tparams);
    }
    accept("typename");
    QualifiedName target = qualifiedName(false);
    expect(";");
    Kind kind = target.parts().size() > 1 ? names.classifyQualified(qualifierOf(target), target.lastName())
        : names.classify(target.lastName());
    if (kind != Kind.UNKNOWN) {
      if (local) {
        names.declareLocal(target.lastName(), kind);
      } else {
        names.declare(target.lastName(), kind);
      }
    }
    return new Decl.UsingName(s, target);
  }

  private static String qualifierOf(QualifiedName n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n.parts().size() - 1; i++) {
      b.append(i == 0 ? "" : "::").append(n.parts().get(i).name());
    }
    return b.toString();
  }

  private List<Decl> typedef(boolean local) {
    Token start = expect("typedef");
    List<Decl> out = new ArrayList<>();
    TypeSpec base;
    if ((at("struct") || at("class") || at("union")) && !isElaboratedUse()) {
      Decl.Record r = record(null);
      out.add(r);
      base = r.name() == null ? opaque(start) : namedType(r.start(), r.name());
    } else if (at("enum") && !isElaboratedUse()) {
      Decl.Enum e = enumBody();
      out.add(e);
      base = e.name() == null ? opaque(start) : namedType(e.start(), QualifiedName.simple(e.start().withText(
          TokenKind.IDENTIFIER, e.name())));
    } else {
      base = type();
    }
    do {
      TypeSpec t = pointerOps(base);
      specifiers();
      Token name;
      TypeSpec declared;
      if (at("(")) { // function pointer or function type: typedef void (*fn)(int);
        p++;
        while (accept("*") || accept("&") || accept("^")) {
          specifiers();
        }
        name = identifier();
        expect(")");
        while (at("(") || at("[")) {
          skipBalanced();
        }
        declared = opaque(t.start());
      } else {
        name = identifier();
        int arrays = 0;
        while (at("[")) {
          skipBalanced();
          arrays++;
        }
        declared = t.withPointers(t.pointers(), t.ref(), t.arrayDims() + arrays, false);
      }
      specifiers();
      if (local) {
        names.declareLocal(name.text(), Kind.TYPE);
      } else {
        names.declare(name.text(), Kind.TYPE);
      }
      out.add(new Decl.Alias(name, name.text(), declared, null));
    } while (accept(","));
    expect(";");
    return out;
  }

  private static TypeSpec namedType(Token at, QualifiedName name) {
    return new TypeSpec(at, null, new QualifiedName(name.global(), ImmutableList.of(new QualifiedName.Part(
        name.last().token(), null))), false, false, false, false, ImmutableList.of(), TypeSpec.Ref.NONE, 0, false);
  }

  /** {@code enum [class] Name [: type] { A, B = 2, ... }}, up to and without what follows the braces. */
  private Decl.Enum enumBody() {
    Token s = expect("enum");
    boolean scoped = accept("class") || accept("struct");
    specifiers();
    String name = null;
    if (cur().isIdentifier()) {
      QualifiedName qn = qualifiedName(true);
      name = qn.lastName();
      names.declare(name, Kind.TYPE);
    }
    TypeSpec underlying = null;
    if (accept(":")) {
      underlying = type();
    }
    List<Decl.Enumerator> enumerators = new ArrayList<>();
    if (accept("{")) {
      while (!at("}") && !atEof()) {
        Token e = identifier();
        specifiers();
        Expr value = null;
        if (accept("=")) {
          value = conditional();
        }
        enumerators.add(new Decl.Enumerator(e, e.text(), value));
        names.declare(e.text(), Kind.VALUE);
        if (!accept(",")) {
          break;
        }
      }
      expect("}");
    }
    return new Decl.Enum(s, name, scoped, underlying, ImmutableList.copyOf(enumerators));
  }

  private void template(List<Decl> out, String recordName) {
    Token s = expect("template");
    if (!at("<")) { // explicit instantiation definition
      List<Decl> inner = new ArrayList<>();
      simpleDeclaration(inner, null, recordName, true);
      for (Decl d : inner) {
        if (d instanceof Decl.Function f) {
          out.add(new Decl.ExplicitInstantiation(s, f.name()));
        }
      }
      return;
    }
    expect("<");
    names.push();
    try {
      List<Decl.TemplateParam> params = new ArrayList<>();
      while (!at(">") && !at(">>") && !atEof()) {
        params.add(templateParam());
        if (!accept(",")) {
          break;
        }
      }
      expect(">");
      requiresClause();
      declarationInner(out, recordName, ImmutableList.copyOf(params));
    } finally {
      names.pop();
    }
  }

  /** A name for a template parameter written without one: positions matter, and no source can spell it. */
  private String unnamed() {
    return "<unnamed template parameter " + (++unnamedParams) + ">";
  }

  private Decl.TemplateParam templateParam() {
    Token s = cur();
    if (at("template")) { // a template template parameter
      p++;
      int close = skipAngles(p);
      if (close < 0) {
        throw new ParseError(cur(), "unterminated template parameter list");
      }
      p = close;
      if (!accept("class")) {
        accept("typename");
      }
      boolean pack = accept("...");
      String name = isName(cur()) ? identifier().text() : unnamed();
      TemplateArg def = null;
      if (accept("=")) {
        Token at = cur();
        def = new TemplateArg.Type(new TypeSpec(at, null, qualifiedName(true), false, false, false, false,
            ImmutableList.of(), TypeSpec.Ref.NONE, 0, false));
      }
      names.declareLocal(name, Kind.TYPE_TEMPLATE);
      return new Decl.TemplateParam(s, Decl.TemplateParam.Kind.TEMPLATE, name, pack, def, null);
    }
    // typename T or class T; but typename A::b N, typename ::a::b N and typename a<T>::b N are values
    if ((at("typename") || at("class"))
        && !(peek(1).is("::") || isName(peek(1)) && (peek(2).is("::") || peek(2).is("<")))) {
      p++;
      boolean pack = accept("...");
      String name = isName(cur()) ? identifier().text() : unnamed();
      TemplateArg def = null;
      if (accept("=")) {
        def = new TemplateArg.Type(withoutGreater(this::typeWithDeclarator));
      }
      names.declareLocal(name, Kind.TYPE);
      return new Decl.TemplateParam(s, Decl.TemplateParam.Kind.TYPE, name, pack, def, null);
    }
    boolean typenameSpecifier = at("typename"); // names a type, never a concept
    TypeSpec type = withoutGreater(this::typeWithDeclarator);
    boolean pack = type.pack() || accept("...");
    String name = isName(cur()) ? identifier().text() : unnamed();
    if (!typenameSpecifier && isConstraint(type)) { // template <ducks::st::all ST>: a type parameter its concept constrains
      TemplateArg def = null;
      if (accept("=")) {
        def = new TemplateArg.Type(withoutGreater(this::typeWithDeclarator));
      }
      names.declareLocal(name, Kind.TYPE);
      return new Decl.TemplateParam(s, Decl.TemplateParam.Kind.TYPE, name, pack, def, null);
    }
    TemplateArg def = null;
    if (accept("=")) {
      def = new TemplateArg.Value(withoutGreater(this::conditional));
    }
    names.declareLocal(name, Kind.VALUE);
    return new Decl.TemplateParam(s, Decl.TemplateParam.Kind.VALUE, name, pack, def, type);
  }

  /**
   * Whether a template parameter's "type" is a concept constraining a type parameter: a concept the
   * parser saw declared, or a name it does not know (a value parameter's type is usually known: a
   * builtin, an enumeration, an alias).
   */
  private boolean isConstraint(TypeSpec t) {
    if (t.name() == null || t.opaque() || !t.pointers().isEmpty() || t.ref() != TypeSpec.Ref.NONE || t.isConst()) {
      return false;
    }
    QualifiedName n = t.name();
    Kind k = n.isQualified() ? names.classifyQualified(qualifierOf(n), n.lastName()) : names.classify(n.lastName());
    return k == Kind.CONCEPT || k == Kind.UNKNOWN;
  }

  /** Skips to just after the next ';' outside brackets. */
  private void skipPastSemicolon() {
    while (!atEof()) {
      if (at("(") || at("[") || at("{")) {
        skipBalanced();
      } else if (next().is(";")) {
        return;
      }
    }
  }

  /**
   * A requires-clause ({@code requires C<T> && (N > 0)}, {@code requires(!CLUSTER)}), skipped:
   * constraints only narrow which declarations exist, and the checker considers all of them.
   */
  private void requiresClause() {
    if (!accept("requires")) {
      return;
    }
    while (!atEof()) {
      accept("!");
      if (at("(")) {
        skipBalanced();
      } else if (at("requires")) { // requires requires (T t) { ... }
        p++;
        if (at("(")) {
          skipBalanced();
        }
        if (at("{")) {
          skipBalanced();
        }
      } else if (isName(cur()) || at("::")) {
        scanTo(scanName(p, true));
      } else {
        return;
      }
      if (!accept("&&") && !accept("||")) {
        return;
      }
    }
  }

  private void scanTo(NameShape shape) {
    p = shape == null ? p + 1 : shape.end();
  }

  /** {@code (expr)} after {@code alignas}: the expression, or {@link Expr.Unknown} (a type, {@code alignas(T...)}). */
  private Expr alignasArgument() {
    return bracketedExpression(")");
  }

  /** {@code [bound]} of an array declarator: the bound, or {@link Expr.Unknown} for {@code []} or one not read. */
  private Expr arrayExtent() {
    return bracketedExpression("]");
  }

  /**
   * The expression between the opening bracket at the cursor and {@code close}, the cursor after it;
   * {@link Expr.Unknown} when it is empty or not an expression (the brackets are skipped then).
   */
  private Expr bracketedExpression(String close) {
    int open = p;
    Token at = cur();
    p++;
    if (!accept(close)) {
      try {
        Expr e = conditional();
        if (accept(close)) {
          return e;
        }
      } catch (ParseError e) {
        // skipped below
      }
    }
    p = open;
    skipBalanced();
    return new Expr.Unknown(at);
  }

  /** Skips decl-specifiers and attributes; returns the specifiers among them. */
  private Set<String> specifiers() {
    Set<String> found = new LinkedHashSet<>();
    while (true) {
      Token t = cur();
      if (t.isIdentifier() && DECL_SPECIFIERS.contains(t.text())) {
        found.add(t.text());
        p++;
      } else if (t.isIdentifier() && SPECIFIERS_WITH_ARGS.contains(t.text()) && peek(1).is("(")) {
        p++;
        if (t.text().equals("alignas") || t.text().equals("__align__")) {
          alignas = alignasArgument();
        } else {
          skipBalanced();
        }
      } else if (at("[") && peek(1).is("[")) {
        skipBalanced();
      } else if (attributeMacroAt()) {
        p++;
        if (at("(")) {
          skipBalanced();
        }
      } else {
        return found;
      }
    }
  }

  /**
   * An unexpanded macro standing where specifiers go ({@code CUTE_HOST_DEVICE void f();}): an
   * unknown macro-like name, with or without arguments, before what can only begin a declaration.
   */
  private boolean attributeMacroAt() {
    if (!unknownMacroAt(p)) {
      return false;
    }
    int q = p + 1;
    if (at(q).is("(")) {
      int close = matching(q);
      if (close < 0) {
        return false;
      }
      q = close + 1;
    }
    Token next = at(q);
    if (!next.isIdentifier()) {
      return false;
    }
    String s = next.text();
    if (BUILTIN_TYPE_WORDS.contains(s) || DECL_SPECIFIERS.contains(s) || s.equals("template") || s.equals("struct")
        || s.equals("class") || s.equals("auto") || s.equals("const") || s.equals("typename") || s.equals("union")
        || s.equals("enum") || s.equals("volatile") || SPECIFIERS_WITH_ARGS.contains(s)) {
      return true;
    }
    if (isKeyword(next)) {
      return false;
    }
    if (names.classify(s).isType()) {
      return true;
    }
    // MACRO Type name: were MACRO the type, 'Type' would be the declarator and 'name' could not follow
    NameShape shape = scanName(q, true);
    if (shape == null) {
      return false;
    }
    int r = shape.end();
    while (at(r).is("*") || at(r).is("&") || at(r).is("&&") || at(r).is("const")) {
      r++;
    }
    return isName(at(r)) || at(r).is("operator") || (at(r).is("::") && isName(at(r + 1)));
  }

  private void simpleDeclaration(List<Decl> out, ImmutableList<Decl.TemplateParam> tparams, String recordName,
      boolean explicitInstantiation) {
    alignas = null;
    Set<String> quals = new LinkedHashSet<>(specifiers());
    Expr declaredAlignas = alignas;
    if (quals.contains("friend")) {
      int start = p;
      recover(false);
      markPossiblyDeclared(start, p);
      return;
    }
    if ((at("struct") || at("class") || at("union")) && !isElaboratedUse()) {
      Decl.Record r = record(tparams);
      out.add(r);
      if (!accept(";")) { // struct X {...} x, *y;
        declarators(out, r.name() == null ? opaque(r.start()) : namedType(r.start(), r.name()), quals, null,
            recordName, false, declaredAlignas);
      }
      return;
    }
    if (at("enum") && !isElaboratedUse()) {
      Decl.Enum e = enumBody();
      out.add(e);
      if (!accept(";")) {
        declarators(out, opaque(e.start()), quals, null, recordName, false, declaredAlignas);
      }
      return;
    }
    Token ctorName = constructorAhead(recordName);
    if (ctorName != null) {
      constructor(out, tparams, quals, recordName != null);
      return;
    }
    if (at("operator")) { // a conversion function: operator bool() const
      Token name = operatorName();
      function(out, new QualifiedName(false, ImmutableList.of(new QualifiedName.Part(name, null))), null, tparams,
          quals, recordName != null, Decl.Function.Kind.CONVERSION);
      return;
    }
    TypeSpec base = type();
    alignas = null;
    quals.addAll(specifiers());
    declarators(out, base, quals, tparams, recordName, explicitInstantiation,
        alignas != null ? alignas : declaredAlignas);
  }

  /** {@code declaredAlignas}: the alignment written before the declarators, for each of them. */
  private void declarators(List<Decl> out, TypeSpec base, Set<String> quals, ImmutableList<Decl.TemplateParam> tparams,
      String recordName, boolean explicitInstantiation, Expr declaredAlignas) {
    boolean isStatic = quals.contains("static");
    boolean isConstexpr = quals.contains("constexpr");
    while (true) {
      TypeSpec t = pointerOps(base);
      alignas = null;
      quals.addAll(specifiers());
      Expr fieldAlignas = alignas != null ? alignas : declaredAlignas;
      if (at("(") && (peek(1).is("*") || peek(1).is("&") || peek(1).is("^"))) { // (*fp)(...) or (&arr)[n]
        p++;
        while (accept("*") || accept("&") || accept("^")) {
          specifiers();
        }
        Token name = isName(cur()) ? identifier() : null;
        expect(")");
        while (at("(") || at("[")) {
          skipBalanced();
        }
        functionTail();
        TypeSpec declared = opaque(t.start());
        Expr init = initializer(declared);
        if (name != null) {
          names.declare(name.text(), Kind.VALUE);
          out.add(recordName != null ? new Decl.Field(name, name.text(), declared, init, isStatic, isConstexpr,
              ImmutableList.of(), fieldAlignas)
              : new Decl.Var(name, name.text(), declared, init, isConstexpr, tparams));
        }
      } else if (at("operator") || (at("::") || isName(cur())) && operatorAfterQualifier()) {
        QualifiedName name = declaratorName(explicitInstantiation);
        function(out, name, t, tparams, quals, recordName != null, Decl.Function.Kind.OPERATOR);
        return;
      } else if (recordName != null && at(":")) { // an unnamed bit-field (padding): declares nothing
        p++;
        conditional();
      } else {
        QualifiedName name = declaratorName(explicitInstantiation);
        if (at("(") && (recordName != null || explicitInstantiation || looksLikeParameters())) {
          function(out, name, t, tparams, quals, recordName != null, Decl.Function.Kind.FUNCTION);
          return;
        }
        List<Expr> extents = new ArrayList<>();
        while (at("[")) {
          extents.add(arrayExtent());
        }
        int arrays = extents.size();
        specifiers();
        TypeSpec declared = t.withPointers(t.pointers(), t.ref(), t.arrayDims() + arrays, t.pack());
        boolean template = tparams != null && !tparams.isEmpty();
        names.declare(name.lastName(), template ? Kind.VALUE_TEMPLATE : Kind.VALUE);
        if (recordName != null) {
          if (accept(":")) { // bit-field
            conditional();
          }
          Expr init = at("=") || at("{") ? initializer(declared) : null;
          out.add(new Decl.Field(name.token(), name.lastName(), declared, init, isStatic, isConstexpr,
              ImmutableList.copyOf(extents), fieldAlignas));
        } else {
          Expr init = initializer(declared);
          out.add(new Decl.Var(name.token(), name.lastName(), declared, init, isConstexpr, tparams));
        }
      }
      if (accept(",")) {
        continue;
      }
      expect(";");
      return;
    }
  }

  /** {@code Foo::operator()(...)}: a qualified operator name ahead. */
  private boolean operatorAfterQualifier() {
    int q = p;
    if (at(q).is("::")) {
      q++;
    }
    while (isName(at(q))) {
      q++;
      if (at(q).is("<")) {
        int close = skipAngles(q);
        if (close < 0) {
          return false;
        }
        q = close;
      }
      if (!at(q).is("::")) {
        return false;
      }
      q++;
      if (at(q).is("operator")) {
        return true;
      }
    }
    return false;
  }

  /** {@code struct X* p;}: the keyword names a type here rather than declaring a record. */
  private boolean isElaboratedUse() {
    int nameStart = recordAttributesEnd();
    if (nameStart < 0) {
      return false;
    }
    int q = nameEnd(nameStart);
    String next = at(q).text();
    return q > nameStart && !next.equals("{") && !next.equals(":") && !next.equals(";") && !next.equals("<")
        && !next.equals("final");
  }

  /** Whether the 'struct', 'class' or 'union' at p starts a definition: a body or base clause follows its name. */
  private boolean recordBodyAhead() {
    int start = recordAttributesEnd();
    if (start < 0) {
      return false;
    }
    int q = nameEnd(start);
    return at(q).is("{") || at(q).is(":") || at(q).is("final");
  }

  /** The index past a class's (possibly qualified) name starting at {@code q}, or q where it has none. */
  private int nameEnd(int q) {
    while (at(q).isIdentifier() || at(q).is("::")) {
      q++;
    }
    return q;
  }

  /** After the 'struct', 'class' or 'union' at p: the index past its attributes and alignment macros (-1: unbalanced). */
  private int recordAttributesEnd() {
    int q = p + 1;
    while (true) {
      Token t = at(q);
      if (t.isIdentifier() && SPECIFIERS_WITH_ARGS.contains(t.text()) && at(q + 1).is("(")) {
        int close = matching(q + 1);
        if (close < 0) {
          return -1;
        }
        q = close + 1;
      } else if (t.is("[") && at(q + 1).is("[")) {
        int close = matching(q);
        if (close < 0) {
          return -1;
        }
        q = close + 1;
      } else if (t.is("class") || t.is("struct")) { // enum class
        q++;
      } else if (unknownMacroAt(q) && at(q + 1).is("(")) { // struct __CUDA_ALIGN__(16) Name
        int close = matching(q + 1);
        if (close < 0) {
          return -1;
        }
        q = close + 1;
      } else {
        return q;
      }
    }
  }

  /** Where a constructor or destructor's declarator starts, or null: {@code X(}, {@code ~X(}, {@code X::X(}. */
  private Token constructorAhead(String recordName) {
    if (recordName != null) {
      if (at(recordName) && (peek(1).is("(") || (peek(1).is("<") && skipAngles(p + 1) > 0
          && at(skipAngles(p + 1)).is("(")))) {
        return cur();
      }
      if (at("~") && peek(1).is(recordName) && peek(2).is("(")) {
        return cur();
      }
      return null;
    }
    // out of class: A::A(, A<T>::A(, ns::A::~A(
    int q = p;
    if (at(q).is("::")) {
      q++;
    }
    String previous = null;
    while (isName(at(q))) {
      String id = at(q).text();
      q++;
      if (at(q).is("<")) {
        int close = skipAngles(q);
        if (close < 0) {
          return null;
        }
        q = close;
      }
      if (!at(q).is("::")) {
        return id.equals(previous) && at(q).is("(") ? cur() : null;
      }
      q++;
      if (at(q).is("~")) {
        return previous != null || id != null ? (at(q + 1).is(id) && at(q + 2).is("(") ? cur() : null) : null;
      }
      previous = id;
    }
    return null;
  }

  private void constructor(List<Decl> out, ImmutableList<Decl.TemplateParam> tparams, Set<String> quals,
      boolean method) {
    // the declarator: X, ~X, A<T>::A, A::~A
    boolean global = accept("::");
    List<QualifiedName.Part> parts = new ArrayList<>();
    boolean destructor = false;
    while (true) {
      if (accept("~")) {
        destructor = true;
      }
      Token id = identifier();
      ImmutableList<TemplateArg> args = at("<") && !destructor && skipAngles(p) > 0
          && (at(skipAngles(p)).is("::") || at(skipAngles(p)).is("(")) ? templateArgs() : null;
      parts.add(new QualifiedName.Part(destructor ? id.withText(TokenKind.IDENTIFIER, "~" + id.text()) : id, args));
      if (at("::")) {
        p++;
        continue;
      }
      break;
    }
    QualifiedName name = new QualifiedName(global, ImmutableList.copyOf(parts));
    List<Decl.Param> params = new ArrayList<>();
    List<Decl.MemInit> inits = new ArrayList<>();
    Stmt.Block body = null;
    names.push();
    try {
      boolean cVariadic = parameterList(params);
      functionTail();
      if (accept(":")) { // member initialisers
        do {
          Token s = cur();
          QualifiedName member = qualifiedName(true);
          boolean braced = at("{");
          ImmutableList<Expr> args;
          if (braced) {
            args = ((Expr.InitList) initList()).items();
          } else {
            expect("(");
            args = arguments();
          }
          accept("...");
          inits.add(new Decl.MemInit(s, member, args, braced));
        } while (accept(","));
      }
      if (at("=") && (peek(1).is("default") || peek(1).is("delete"))) {
        p += 2;
      }
      if (at("{")) {
        body = block();
      } else {
        expect(";");
      }
      out.add(new Decl.Function(name.token(), name, null, ImmutableList.copyOf(params), cVariadic, tparams,
          ImmutableSet.copyOf(quals), body, method, destructor ? Decl.Function.Kind.DESTRUCTOR
              : Decl.Function.Kind.CONSTRUCTOR, ImmutableList.copyOf(inits)));
    } finally {
      names.pop();
    }
  }

  private QualifiedName declaratorName(boolean explicitInstantiation) {
    if (!isName(cur()) && !at("::") && !at("operator")) {
      throw new ParseError(cur(), "expected a declarator name but found '" + describe(cur()) + "'");
    }
    boolean global = accept("::");
    List<QualifiedName.Part> parts = new ArrayList<>();
    while (true) {
      accept("template");
      if (at("operator")) {
        parts.add(new QualifiedName.Part(operatorName(), null));
        break;
      }
      Token id = identifier();
      ImmutableList<TemplateArg> args = null;
      // a declarator name is never compared: '<' after it opens template arguments (an explicit specialization)
      if (at("<") && skipAngles(p) > 0) {
        args = templateArgs();
      }
      parts.add(new QualifiedName.Part(id, args));
      if (at("::") && (peek(1).isIdentifier() || peek(1).is("operator") || peek(1).is("template"))) {
        p++;
        continue;
      }
      break;
    }
    return new QualifiedName(global, ImmutableList.copyOf(parts));
  }

  /**
   * At namespace scope, after a declarator name, whether '(' starts parameters rather than a
   * direct initialiser: a known type, or an unknown name followed by what only a parameter has.
   */
  private boolean looksLikeParameters() {
    Token next = peek(1);
    if (next.is(")") || next.is("...")) {
      return true;
    }
    int save = p;
    p++;
    try {
      specifiers();
      if (startsType()) {
        return true;
      }
      if (!isName(cur()) && !at("::")) {
        return false;
      }
      NameShape shape = scanName(p, true);
      if (shape == null || shape.kind() != Kind.UNKNOWN) {
        return false;
      }
      p = shape.end();
      while (at("*") || at("&") || at("&&") || at("const") || at("volatile") || at("__restrict__")) {
        p++;
      }
      return isName(cur()) || at(",") || at(")") || at("[") || at("...");
    } catch (TooDeep e) {
      throw e;
    } catch (ParseError e) {
      return false;
    } finally {
      p = save;
    }
  }

  private void function(List<Decl> out, QualifiedName name, TypeSpec ret, ImmutableList<Decl.TemplateParam> tparams,
      Set<String> quals, boolean method, Decl.Function.Kind kind) {
    names.declare(name.lastName(), tparams != null && !tparams.isEmpty() ? Kind.VALUE_TEMPLATE : Kind.VALUE);
    List<Decl.Param> params = new ArrayList<>();
    names.push();
    try {
      boolean cVariadic = parameterList(params);
      functionTail();
      quals.addAll(specifiers());
      if (accept("->")) {
        ret = typeWithDeclarator();
      }
      functionTail();
      if (at("=") && (peek(1).is("default") || peek(1).is("delete") || peek(1).is("0"))) {
        p += 2;
      }
      Stmt.Block body = null;
      if (at("{")) {
        body = block();
      } else if (at("try")) {
        body = ((Stmt.Try) tryStatement()).body();
      } else {
        expect(";");
      }
      out.add(new Decl.Function(name.token(), name, ret, ImmutableList.copyOf(params), cVariadic, tparams,
          ImmutableSet.copyOf(quals), body, method, kind, ImmutableList.of()));
    } finally {
      names.pop();
    }
  }

  /** {@code ( params )}: fills {@code params} and declares their names; true when it ends in C varargs. */
  private boolean parameterList(List<Decl.Param> params) {
    expect("(");
    if (at("void") && peek(1).is(")")) {
      p++;
    }
    boolean cVariadic = false;
    while (!at(")") && !atEof()) {
      if (accept("...")) {
        cVariadic = true;
        break;
      }
      params.add(parameter());
      if (!accept(",")) {
        break;
      }
    }
    expect(")");
    return cVariadic;
  }

  private void functionTail() {
    while (true) {
      if (at("requires")) {
        requiresClause();
      } else if (at("const") || at("volatile") || at("override") || at("final") || at("&") || at("&&")
          || at("__restrict__")) {
        p++;
      } else if (at("noexcept") || at("throw")) {
        p++;
        if (at("(")) {
          skipBalanced();
        }
      } else if (at("[") && peek(1).is("[")) {
        skipBalanced();
      } else if (cur().isIdentifier() && SPECIFIERS_WITH_ARGS.contains(cur().text()) && peek(1).is("(")) {
        p++;
        skipBalanced();
      } else {
        return;
      }
    }
  }

  private Decl.Param parameter() {
    specifiers();
    Token s = cur();
    TypeSpec type = pointerOps(type());
    specifiers();
    boolean pack = accept("...");
    if (at("(") && (peek(1).is("*") || peek(1).is("&") || peek(1).is("^"))) { // T (*name)[N] or void (*fn)(int)
      p++;
      while (accept("*") || accept("&") || accept("^")) {
        specifiers();
      }
      Token name = isName(cur()) ? identifier() : s;
      expect(")");
      while (at("[") || at("(")) {
        skipBalanced();
      }
      names.declareLocal(name == s ? null : name.text(), Kind.VALUE);
      return new Decl.Param(name, name == s ? null : name.text(), opaque(s), skipDefault());
    }
    if (at("(")) { // a parameter of function type: void f(int(int))
      skipBalanced();
      return new Decl.Param(s, null, opaque(s), skipDefault());
    }
    String name = null;
    Token nameTok = s;
    if (isName(cur())) {
      nameTok = identifier();
      name = nameTok.text();
    }
    int arrays = 0;
    while (at("[")) {
      skipBalanced();
      arrays++;
    }
    specifiers();
    boolean def = skipDefault();
    while (unknownMacroAt(p) && (peek(1).is(")") || peek(1).is(",") || unknownMacroAt(p + 1))) {
      p++; // an unexpanded macro adding parameters: (double scale ADDITIONAL_FUNC_PARAMS)
    }
    names.declareLocal(name, Kind.VALUE);
    // an array parameter is a pointer
    TypeSpec declared = arrays > 0
        ? type.withPointers(ImmutableList.<TypeSpec.PointerLevel>builder().addAll(type.pointers())
            .add(new TypeSpec.PointerLevel(false, false)).build(), type.ref(), arrays - 1, pack)
        : type.withPointers(type.pointers(), type.ref(), 0, pack || type.pack());
    return new Decl.Param(nameTok, name, declared, def);
  }

  private boolean skipDefault() {
    if (!accept("=")) {
      return false;
    }
    if (at("{")) {
      skipBalanced();
    } else {
      assignment();
    }
    return true;
  }

  private Decl.Record record(ImmutableList<Decl.TemplateParam> tparams) {
    Token s = cur();
    String keyword = next().text();
    alignas = null;
    specifiers();
    while (unknownMacroAt(p) && (peek(1).is("(") || isName(peek(1)))) { // struct __CUDA_ALIGN__(16) Name
      p++;
      if (at("(")) {
        skipBalanced();
      }
      specifiers();
    }
    QualifiedName name = null;
    ImmutableList<TemplateArg> specializationArgs = null;
    if (isName(cur()) && !at("final")) {
      name = declaratorName(true);
      specializationArgs = name.last().templateArgs();
      names.declare(name.lastName(), tparams != null ? Kind.TYPE_TEMPLATE : Kind.TYPE);
    }
    accept("final");
    specifiers();
    Expr recordAlignas = alignas;
    List<Decl.Base> bases = new ArrayList<>();
    if (accept(":")) {
      do {
        while (at("public") || at("private") || at("protected") || at("virtual")) {
          p++;
        }
        Token b = cur();
        bases.add(new Decl.Base(b, type()));
        accept("...");
      } while (accept(","));
    }
    List<Decl> members = new ArrayList<>();
    boolean definition = false;
    if (at("{")) {
      definition = true;
      p++;
      String self = name == null ? "<anonymous>" : name.lastName();
      while (!at("}") && !atEof()) {
        int before = p;
        declaration(members, self);
        if (p == before) {
          p++;
        }
      }
      expect("}");
    }
    specifiers();
    alignas = null; // the members' are theirs; a declarator after the braces may have its own
    return new Decl.Record(s, keyword, name, tparams, specializationArgs, ImmutableList.copyOf(bases),
        ImmutableList.copyOf(members), definition, recordAlignas);
  }

  // ------------------------------------------------------------------ types

  /** A type without declarator operators. */
  private TypeSpec type() {
    enter();
    try {
      Token s = cur();
      boolean isConst = false;
      boolean isVolatile = false;
      while (true) {
        if (accept("const")) {
          isConst = true;
        } else if (accept("volatile")) {
          isVolatile = true;
        } else if (at("typename") || at("struct") || at("class") || at("enum") || at("union")) {
          p++;
        } else if (cur().isIdentifier() && DECL_SPECIFIERS.contains(cur().text())) {
          p++;
        } else if (cur().isIdentifier() && SPECIFIERS_WITH_ARGS.contains(cur().text()) && peek(1).is("(")) {
          p++;
          skipBalanced();
        } else if (at("[") && peek(1).is("[")) {
          skipBalanced();
        } else {
          break;
        }
      }
      String builtin = null;
      QualifiedName name = null;
      boolean isAuto = false;
      boolean opaque = false;
      if (cur().isIdentifier() && BUILTIN_TYPE_WORDS.contains(cur().text())) {
        List<String> words = new ArrayList<>();
        while (cur().isIdentifier() && (BUILTIN_TYPE_WORDS.contains(cur().text()) || at("const") || at("volatile"))) {
          if (at("const")) {
            isConst = true;
          } else if (at("volatile")) {
            isVolatile = true;
          } else {
            words.add(cur().text());
          }
          p++;
        }
        builtin = canonicalBuiltin(words);
      } else if (at("auto")) {
        p++;
        isAuto = true;
      } else if (at("decltype") || at("__typeof__") || at("typeof")) {
        p++;
        if (!at("(")) {
          throw new ParseError(cur(), "expected '(' after '" + toks.get(p - 1).text() + "'");
        }
        skipBalanced();
        opaque = true;
        if (at("::")) { // decltype(x)::type
          p++;
          qualifiedName(true);
        }
      } else if (isName(cur()) || at("::")) {
        name = qualifiedName(true);
      } else {
        throw new ParseError(cur(), "expected a type but found '" + describe(cur()) + "'");
      }
      while (at("const") || at("volatile")) {
        if (next().is("const")) {
          isConst = true;
        } else {
          isVolatile = true;
        }
      }
      return new TypeSpec(s, builtin, name, isAuto, opaque, isConst, isVolatile, ImmutableList.of(), TypeSpec.Ref.NONE,
          0, false);
    } finally {
      leave();
    }
  }

  private TypeSpec typeWithDeclarator() {
    TypeSpec t = pointerOps(type());
    if (at("(") && (peek(1).is("*") || peek(1).is("&") || peek(1).is("^"))) { // pointer or reference to a function
      skipBalanced();
      if (at("(")) {
        skipBalanced();
      }
      while (at("[")) {
        skipBalanced();
      }
      functionTail();
      return opaque(t.start());
    }
    if (at("(") && !t.isAuto()) { // a function type: void(int)
      skipBalanced();
      functionTail();
      if (accept("->")) {
        typeWithDeclarator();
      }
      return opaque(t.start());
    }
    int arrays = 0;
    while (at("[")) {
      skipBalanced();
      arrays++;
    }
    boolean pack = accept("...");
    return t.withPointers(t.pointers(), t.ref(), arrays, pack || t.pack());
  }

  private TypeSpec pointerOps(TypeSpec base) {
    List<TypeSpec.PointerLevel> levels = new ArrayList<>(base.pointers());
    TypeSpec.Ref ref = base.ref();
    while (true) {
      if (accept("*")) {
        boolean c = false;
        boolean v = false;
        while (at("const") || at("volatile") || at("__restrict__") || at("__restrict")) {
          if (at("const")) {
            c = true;
          } else if (at("volatile")) {
            v = true;
          }
          p++;
        }
        levels.add(new TypeSpec.PointerLevel(c, v));
      } else if (accept("&")) {
        ref = TypeSpec.Ref.LVALUE;
        while (accept("__restrict__") || accept("__restrict")) {
          // a restrict reference
        }
      } else if (accept("&&")) {
        ref = TypeSpec.Ref.RVALUE;
      } else {
        break;
      }
    }
    boolean pack = at("...") && (peek(1).isIdentifier() || peek(1).is(")") || peek(1).is(",") || peek(1).is(">"));
    if (pack) {
      p++;
    }
    return base.withPointers(ImmutableList.copyOf(levels), ref, base.arrayDims(), pack || base.pack());
  }

  static String canonicalBuiltin(List<String> words) {
    int longs = 0;
    boolean unsigned = false;
    boolean signed = false;
    String base = null;
    for (String w : words) {
      switch (w) {
        case "long" -> longs++;
        case "unsigned" -> unsigned = true;
        case "signed" -> signed = true;
        case "int" -> {
          if (base == null) {
            base = "int";
          }
        }
        default -> base = w;
      }
    }
    if (base == null || base.equals("int")) {
      if (words.contains("short")) {
        base = "short";
      } else if (longs == 1) {
        base = "long";
      } else if (longs >= 2) {
        base = "long long";
      } else {
        base = "int";
      }
    } else if (base.equals("double") && longs > 0) {
      base = "long double";
    }
    if (base.equals("char")) {
      return unsigned ? "unsigned char" : signed ? "signed char" : "char";
    }
    return unsigned ? "unsigned " + base : base;
  }

  // ------------------------------------------------------------------ statements

  private Stmt.Block block() {
    Token s = expect("{");
    List<Stmt> stmts = new ArrayList<>();
    names.push();
    try {
      while (!at("}") && !atEof()) {
        stmts.add(statement());
      }
    } finally {
      names.pop();
    }
    expect("}");
    return new Stmt.Block(s, ImmutableList.copyOf(stmts));
  }

  private Stmt statement() {
    int start = p;
    try {
      enter();
      statements++;
      try {
        return statementInner();
      } finally {
        statements--;
        leave();
      }
    } catch (TooDeep e) {
      if (statements > 0) {
        throw e; // the outermost statement skips the whole construct
      }
      problems.add(new Problem(e.at, e.getMessage(), true));
      skipStatement(start);
      return new Stmt.Skipped(at(start), at(Math.max(start, p - 1)), e.getMessage());
    } catch (ParseError e) {
      problems.add(new Problem(e.at, e.getMessage()));
      if (p == start) {
        p++;
      }
      recover(true);
      return new Stmt.Skipped(at(start), at(Math.max(start, p - 1)), e.getMessage());
    }
  }

  /** Skips the statement at {@code start} whole: a block, or up to its end, with any else branches. */
  private void skipStatement(int start) {
    p = start;
    do {
      if (at("{")) {
        skipBalanced();
      } else {
        recover(true);
      }
    } while (accept("else"));
  }

  private Stmt statementInner() {
    Token s = cur();
    // an unexpanded pragma-like macro before a statement (CUTLASS_PRAGMA_UNROLL for (...)), attributes
    while ((unknownMacroAt(p) && STATEMENT_KEYWORDS.contains(peek(1).text())) || (at("[") && peek(1).is("["))) {
      if (at("[")) {
        skipBalanced();
      } else {
        p++;
      }
      s = cur();
    }
    switch (s.kind() == TokenKind.IDENTIFIER || s.kind() == TokenKind.PUNCT ? s.text() : "") {
      case "{":
        return block();
      case ";":
        p++;
        return new Stmt.Empty(s);
      case "if":
        return ifStatement();
      case "for":
        return forStatement();
      case "while": {
        p++;
        names.push();
        try {
          expect("(");
          Expr cond = startsDeclaration() ? conditionDeclaration() : expression();
          expect(")");
          return new Stmt.While(s, cond, statement());
        } finally {
          names.pop();
        }
      }
      case "do": {
        p++;
        Stmt body = statement();
        expect("while");
        Expr cond = parenthesized();
        expect(";");
        return new Stmt.DoWhile(s, body, cond);
      }
      case "switch": {
        p++;
        names.push();
        try {
          expect("(");
          Stmt init = null;
          if (startsDeclaration()) {
            init = declarationStatement(false);
            expect(";");
          }
          Expr cond = expression();
          expect(")");
          Stmt body = statement();
          return init == null ? new Stmt.Switch(s, cond, body)
              : new Stmt.Block(s, ImmutableList.of(init, new Stmt.Switch(s, cond, body)));
        } finally {
          names.pop();
        }
      }
      case "case": {
        p++;
        Expr value = conditional();
        if (accept("...")) { // GNU case ranges
          conditional();
        }
        expect(":");
        return new Stmt.Label(s, value);
      }
      case "default":
        if (peek(1).is(":")) {
          p += 2;
          return new Stmt.Label(s, null);
        }
        break;
      case "return":
      case "co_return": {
        p++;
        Expr value = at(";") ? null : at("{") ? initList() : expression();
        expect(";");
        return new Stmt.Return(s, value);
      }
      case "break":
      case "continue":
        p++;
        expect(";");
        return new Stmt.Jump(s);
      case "goto":
        p++;
        identifier();
        expect(";");
        return new Stmt.Jump(s);
      case "asm":
      case "__asm__":
      case "__asm":
        return asm();
      case "try":
        return tryStatement();
      case "static_assert":
        p++;
        parenthesized();
        expect(";");
        return new Stmt.Empty(s);
      case "using":
        return new Stmt.LocalDecl(s, using(null, true));
      case "namespace": {
        List<Decl> ds = new ArrayList<>();
        namespace(ds);
        return new Stmt.LocalDecl(s, ds.get(0));
      }
      case "typedef": {
        List<Decl> ds = typedef(true);
        return new Stmt.LocalDecl(s, ds.isEmpty() ? new Decl.Skipped(s, s, "empty typedef") : ds.get(ds.size() - 1));
      }
      case "struct":
      case "class":
      case "union":
        if (!isElaboratedUse()) {
          return localRecord(s);
        }
        break;
      case "enum":
        if (!isElaboratedUse()) {
          Decl.Enum e = enumBody();
          if (!accept(";")) {
            recover(true);
          }
          return new Stmt.LocalDecl(s, e);
        }
        break;
      default:
        break;
    }
    if (isName(cur()) && peek(1).is(":") && !names.classify(cur().text()).isType()) {
      p += 2; // a label
      return new Stmt.Label(s, null);
    }
    if (structuredBindingAhead()) {
      return structuredBinding(s);
    }
    if (startsDeclaration()) {
      if (recordDefinitionAfterSpecifiers()) { // __shared__ union { ... } storage;
        return localRecord(s);
      }
      Stmt.Declaration d = declarationStatement(false);
      expect(";");
      return d;
    }
    Expr e = expression();
    if (!at(";") && !sameLine(at(p - 1), cur()) && isUnexpandedMacro(e)) {
      return new Stmt.ExprStmt(s, e); // a statement macro from a missing header, which brings its own ';'
    }
    expect(";");
    return new Stmt.ExprStmt(s, e);
  }

  private boolean isUnexpandedMacro(Expr e) {
    Expr callee = e instanceof Expr.Call c ? c.callee() : e;
    return callee instanceof Expr.Name n && !n.name().isQualified() && looksLikeMacro(n.name().lastName())
        && names.classify(n.name().lastName()) == Kind.UNKNOWN;
  }

  private static boolean sameLine(Token a, Token b) {
    return a.file() == b.file() && a.location().line() == b.location().line();
  }

  /**
   * An if statement. An {@code else if} chain is read in a loop, not by recursion, so a chain of
   * any length costs no nesting depth; the statements come back nested as C++ defines them.
   */
  private Stmt ifStatement() {
    List<IfHead> heads = new ArrayList<>();
    Stmt last = null;
    int scopes = 0;
    try {
      while (true) {
        Token s = expect("if");
        boolean isConstexpr = accept("constexpr");
        accept("!"); // if !consteval
        if (accept("consteval")) {
          heads.add(new IfHead(s, false, null, new Expr.Unknown(s), statement()));
        } else {
          names.push();
          scopes++;
          expect("(");
          Stmt init = null;
          Expr cond;
          if (startsDeclaration()) {
            Stmt.Declaration d = declarationStatement(false);
            init = d;
            if (accept(";")) {
              cond = expression();
            } else {
              cond = d.vars().isEmpty() || d.vars().get(0).init() == null ? new Expr.Unknown(s) : d.vars().get(0).init();
            }
          } else {
            cond = expression();
            if (accept(";")) { // if (x; cond) with an expression statement first
              init = new Stmt.ExprStmt(s, cond);
              cond = expression();
            }
          }
          expect(")");
          heads.add(new IfHead(s, isConstexpr, init, cond, statement()));
        }
        if (!accept("else")) {
          break;
        }
        if (!at("if")) {
          last = statement();
          break;
        }
      }
    } finally {
      for (; scopes > 0; scopes--) {
        names.pop();
      }
    }
    for (int k = heads.size() - 1; k >= 0; k--) {
      IfHead h = heads.get(k);
      last = new Stmt.If(h.start, h.isConstexpr, h.init, h.condition, h.then, last);
    }
    return last;
  }

  /** One link of an if-else chain, before it is nested. */
  private record IfHead(Token start, boolean isConstexpr, Stmt init, Expr condition, Stmt then) {}

  private Stmt forStatement() {
    Token s = expect("for");
    names.push();
    try {
      expect("(");
      Stmt init = null;
      if (structuredBindingAhead()) {
        int save = p;
        List<Token> bound = bindingNames();
        if (accept(":")) {
          Expr range = expression();
          expect(")");
          return new Stmt.RangeFor(s, null, ImmutableList.copyOf(bound), range, statement());
        }
        p = save;
        init = structuredBinding(s);
      } else if (startsDeclaration()) {
        Stmt.Declaration d = declarationStatement(true);
        if (accept(":")) {
          Expr range = at("{") ? initList() : expression();
          expect(")");
          return new Stmt.RangeFor(s, d.vars().get(0), ImmutableList.of(), range, statement());
        }
        init = d;
        expect(";");
      } else if (!accept(";")) {
        init = new Stmt.ExprStmt(cur(), expression());
        expect(";");
      }
      Expr cond = at(";") ? null : startsDeclaration() ? conditionDeclaration() : expression();
      expect(";");
      Expr step = at(")") ? null : expression();
      expect(")");
      return new Stmt.For(s, init, cond, step, statement());
    } finally {
      names.pop();
    }
  }

  /** {@code while (T x = f())}: the declared variable's initialiser stands for the condition. */
  private Expr conditionDeclaration() {
    Stmt.Declaration d = declarationStatement(false);
    return d.vars().isEmpty() || d.vars().get(0).init() == null ? new Expr.Unknown(d.start()) : d.vars().get(0).init();
  }

  private Stmt tryStatement() {
    Token s = expect("try");
    Stmt.Block body = block();
    List<Stmt.Block> handlers = new ArrayList<>();
    while (at("catch")) {
      p++;
      names.push();
      try {
        expect("(");
        if (!accept("...")) {
          parameter();
        }
        expect(")");
        handlers.add(block());
      } finally {
        names.pop();
      }
    }
    return new Stmt.Try(s, body, ImmutableList.copyOf(handlers));
  }

  /** {@code auto [a, b]}, {@code const auto& [a, b]}, {@code auto&& [a, b]} ahead. */
  private boolean structuredBindingAhead() {
    int q = p;
    while (at(q).is("const") || at(q).is("volatile") || at(q).is("static") || at(q).is("constexpr")) {
      q++;
    }
    if (!at(q).is("auto")) {
      return false;
    }
    q++;
    while (at(q).is("&") || at(q).is("&&") || at(q).is("const")) {
      q++;
    }
    return at(q).is("[") && !at(q + 1).is("[");
  }

  private List<Token> bindingNames() {
    while (!at("[")) {
      p++;
    }
    p++;
    List<Token> bound = new ArrayList<>();
    while (!at("]") && !atEof()) {
      bound.add(identifier());
      if (!accept(",")) {
        break;
      }
    }
    expect("]");
    bound.forEach(t -> names.declareLocal(t.text(), Kind.VALUE));
    return bound;
  }

  private Stmt structuredBinding(Token s) {
    List<Token> bound = bindingNames();
    Expr init;
    if (accept("=")) {
      init = at("{") ? initList() : assignment();
    } else if (at("{")) {
      init = initList();
    } else {
      expect("(");
      init = expression();
      expect(")");
    }
    if (!at(")")) { // in a for's init the ';' belongs to the for
      expect(";");
    }
    return new Stmt.StructuredBinding(s, ImmutableList.copyOf(bound), init);
  }

  /**
   * Whether a statement starting here is a declaration (C++: if it can be one, it is). A name the
   * parser does not know starts one when a declarator follows it ({@code Tensor x;},
   * {@code Guard g(dev);}, {@code Foo<3>* p = ...}): an expression never has two names in a row.
   */
  private boolean startsDeclaration() {
    int save = p;
    try {
      int before = p;
      Set<String> specs = specifiers();
      if (p != before && !specs.stream().allMatch(CUDA_QUALIFIERS::contains)
          && !STATEMENT_KEYWORDS.contains(cur().text())) {
        return true;
      }
      Token t = cur();
      String first = t.text();
      if (!t.isIdentifier() && !t.is("::")) {
        return false;
      }
      if (first.equals("const") || first.equals("volatile")) {
        return true;
      }
      if (BUILTIN_TYPE_WORDS.contains(first)) {
        // a functional cast such as float(x) or unsigned{y} is an expression; void (*fp)(int) is not
        return !(peek(1).is("(") || peek(1).is("{")) || (peek(1).is("(") && (peek(2).is("*") || peek(2).is("&")));
      }
      if (first.equals("decltype") || first.equals("__typeof__")) { // decltype(x) y; but decltype(x)::value alone
        type();
        pointerOps(opaque(t));
        return isName(cur());
      }
      if (first.equals("typename")) {
        // typename T::U x; but typename T::U(x).f() or typename T::U{x}: a functional cast, as in CUB's
        // typename Ktraits::BlockLoadT(smem).Load(...)
        NameShape shape = scanName(p + 1, true);
        return shape == null || !(at(shape.end()).is("(") || at(shape.end()).is("{"));
      }
      if (first.equals("auto") || first.equals("struct")
          || first.equals("class") || first.equals("enum") || first.equals("union")) {
        return true;
      }
      if (isKeyword(t)) {
        return false;
      }
      NameShape shape = scanName(p, true);
      if (shape == null || shape.kind() == Kind.VALUE || shape.kind() == Kind.VALUE_TEMPLATE
          || shape.kind() == Kind.NAMESPACE) {
        return false;
      }
      p = shape.end();
      boolean declarator = false;
      while (at("*") || at("&") || at("&&") || at("const") || at("volatile") || at("__restrict__")
          || at("constexpr") || at("static") || at("inline")) {
        declarator |= at("*") || at("&") || at("&&");
        p++;
      }
      if (shape.kind().isType()) {
        // T x, T* x, T& x, T<..> x: a declaration; T(x) or T{x} with nothing before: an expression
        return isName(cur()) || (declarator && at("(") && (peek(1).is("*") || peek(1).is("&")));
      }
      if (!isName(cur())) {
        return false;
      }
      Token after = peek(1);
      return after.is(";") || after.is("=") || after.is("{") || after.is("[") || after.is(",") || after.is("(")
          || after.is(":");
    } catch (TooDeep e) {
      throw e;
    } catch (ParseError e) {
      return false;
    } finally {
      p = save;
    }
  }

  /** {@code ( expression )}, as after while, switch and do ... while. */
  private Expr parenthesized() {
    expect("(");
    Expr e = expression();
    expect(")");
    return e;
  }

  /** A class defined in a block, with any specifiers before it and variables after it. */
  private Stmt localRecord(Token s) {
    List<Decl> ds = new ArrayList<>();
    simpleDeclaration(ds, null, null, false);
    return new Stmt.LocalDecl(s, ds.isEmpty() ? new Decl.Skipped(s, s, "") : ds.get(0));
  }

  /** Whether specifiers ({@code static}, {@code __shared__}) lead to a class defined in place. */
  private boolean recordDefinitionAfterSpecifiers() {
    int save = p;
    Expr savedAlignas = alignas;
    try {
      specifiers();
      return (at("struct") || at("class") || at("union")) && recordBodyAhead();
    } finally {
      p = save;
      alignas = savedAlignas;
    }
  }

  private Stmt.Declaration declarationStatement(boolean inFor) {
    Token s = cur();
    Set<String> specs = specifiers();
    boolean isConstexpr = specs.contains("constexpr");
    TypeSpec base = type();
    specifiers();
    List<Decl.Var> vars = new ArrayList<>();
    while (true) {
      TypeSpec t = pointerOps(base);
      specifiers();
      if (at("(") && (peek(1).is("*") || peek(1).is("&"))) { // a pointer to a function or an array
        p++;
        while (accept("*") || accept("&")) {
          specifiers();
        }
        Token name = identifier();
        expect(")");
        while (at("(") || at("[")) {
          skipBalanced();
        }
        TypeSpec declared = opaque(t.start());
        Expr init = initializer(declared);
        names.declareLocal(name.text(), Kind.VALUE);
        vars.add(new Decl.Var(name, name.text(), declared, init, isConstexpr, null));
        if (!accept(",")) {
          break;
        }
        continue;
      }
      Token name = identifier();
      if (isKeyword(name)) {
        throw new ParseError(name, "expected a declarator name but found '" + name.text() + "'");
      }
      int arrays = 0;
      while (at("[")) {
        skipBalanced();
        arrays++;
      }
      specifiers();
      TypeSpec declared = t.withPointers(t.pointers(), t.ref(), t.arrayDims() + arrays, t.pack());
      if (inFor && at(":")) {
        names.declareLocal(name.text(), Kind.VALUE);
        vars.add(new Decl.Var(name, name.text(), declared, null, isConstexpr, null));
        return new Stmt.Declaration(s, ImmutableList.copyOf(vars));
      }
      Expr init = initializer(declared);
      names.declareLocal(name.text(), Kind.VALUE);
      vars.add(new Decl.Var(name, name.text(), declared, init, isConstexpr, null));
      if (!accept(",")) {
        break;
      }
    }
    return new Stmt.Declaration(s, ImmutableList.copyOf(vars));
  }

  /** {@code = e}, {@code = {...}}, {@code {...}} or {@code (args)} after a declarator, or null. */
  private Expr initializer(TypeSpec type) {
    if (accept("=")) {
      return at("{") ? initList() : assignment();
    }
    if (at("{")) {
      return initList();
    }
    if (at("(")) {
      Token open = next();
      ImmutableList<Expr> args = arguments();
      return new Expr.Cast(open, "construct", type, args);
    }
    return null;
  }

  private Stmt asm() {
    Token s = next();
    while (at("volatile") || at("__volatile__") || at("goto") || at("inline")) {
      p++;
    }
    expect("(");
    StringBuilder text = new StringBuilder();
    while (cur().kind() == TokenKind.STRING) {
      text.append(stringValue(next().text()));
    }
    List<Expr> operands = new ArrayList<>();
    while (accept(":") || accept("::")) {
      while (cur().kind() == TokenKind.STRING || at("[") || macroConstraint()) {
        if (at("[")) {
          skipBalanced();
        }
        if (cur().kind() == TokenKind.STRING || macroConstraint()) {
          p++;
        }
        if (at("(")) {
          p++;
          operands.add(withGreater(this::expression));
          expect(")");
        }
        if (!accept(",")) {
          break;
        }
      }
      while (isName(cur())) { // asm goto labels
        p++;
        accept(",");
      }
    }
    expect(")");
    expect(";");
    return new Stmt.Asm(s, text.toString(), ImmutableList.copyOf(operands));
  }

  /**
   * An operand's constraint spelled by a macro of a header the checker models without reading
   * ({@code _CG_ASM_PTR_CONSTRAINT(ptr)}, cooperative_groups' "l"): a name right before the
   * operand's parenthesis.
   */
  private boolean macroConstraint() {
    return cur().isIdentifier() && peek(1).is("(") && !NameTable.KEYWORDS.contains(cur().text());
  }

  static String stringValue(String literal) {
    int q = literal.indexOf('"');
    if (q < 0 || literal.length() < q + 2) {
      return "";
    }
    String body = literal.substring(q + 1, literal.length() - 1);
    return body.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
  }

  // ------------------------------------------------------------------ expressions

  private Expr expression() {
    Expr e = assignment();
    while (at(",") && noGreater == 0) {
      Token op = next();
      e = new Expr.Binary(op, e, assignment());
    }
    return e;
  }

  private Expr assignment() {
    enter();
    try {
      if (at("throw")) {
        Token s = next();
        return new Expr.Special(s, "throw", at(";") || at(")") || at(",") ? ImmutableList.of()
            : ImmutableList.of(assignment()));
      }
      Expr left = conditional();
      if (cur().kind() == TokenKind.PUNCT && ASSIGNMENT_OPS.contains(cur().text()) && !(noGreater > 0 && at(">>="))) {
        Token op = next();
        Expr right = at("{") ? initList() : assignment();
        return new Expr.Binary(op, left, right);
      }
      return left;
    } finally {
      leave();
    }
  }

  private Expr conditional() {
    Expr c = binary(0);
    if (accept("?")) {
      Expr a = withGreater(this::expression);
      expect(":");
      Expr b = assignment();
      return new Expr.Conditional(c, a, b);
    }
    return c;
  }

  private Expr binary(int level) {
    if (level == BINARY_LEVELS.length) {
      return unary();
    }
    Expr left = binary(level + 1);
    while (true) {
      Token t = cur();
      if (t.kind() != TokenKind.PUNCT) {
        return left;
      }
      boolean match = false;
      for (String op : BINARY_LEVELS[level]) {
        if (t.text().equals(op)) {
          match = true;
          break;
        }
      }
      if (!match || (noGreater > 0 && (t.is(">") || t.is(">>")))) {
        return left;
      }
      p++;
      left = new Expr.Binary(t, left, binary(level + 1));
    }
  }

  private Expr unary() {
    enter();
    try {
      return unaryInner();
    } finally {
      leave();
    }
  }

  private Expr unaryInner() {
    Token s = cur();
    if (s.kind() == TokenKind.PUNCT) {
      switch (s.text()) {
        case "++", "--", "+", "-", "!", "~", "*", "&", "&&" -> {
          p++;
          return new Expr.Unary(s, s.text(), unary(), false);
        }
        case "(" -> {
          Expr cast = tryCast();
          if (cast != null) {
            return cast;
          }
        }
        default -> {
          // postfix
        }
      }
    } else if (s.isIdentifier()) {
      switch (s.text()) {
        case "sizeof", "alignof", "__alignof__", "_Alignof" -> {
          p++;
          if (accept("...")) {
            skipBalanced();
            return new Expr.Special(s, "sizeof...", ImmutableList.of());
          }
          if (at("(")) {
            int save = p;
            p++;
            if (startsType()) {
              try {
                TypeSpec t = typeWithDeclarator();
                if (accept(")")) {
                  return new Expr.Special(s, s.text(), ImmutableList.of(), t);
                }
              } catch (TooDeep e) {
                throw e;
              } catch (ParseError e) {
                // an expression after all
              }
            }
            p = save;
          }
          return new Expr.Special(s, s.text(), ImmutableList.of(unary()));
        }
        case "new" -> {
          return newExpression(s);
        }
        case "delete" -> {
          p++;
          if (at("[") && peek(1).is("]")) {
            p += 2;
          }
          return new Expr.Special(s, "delete", ImmutableList.of(unary()));
        }
        case "co_await", "co_yield" -> {
          p++;
          return new Expr.Special(s, s.text(), ImmutableList.of(unary()));
        }
        case "noexcept", "typeid", "__builtin_offsetof", "offsetof", "requires" -> {
          p++;
          if (at("(")) {
            skipBalanced();
          }
          if (s.text().equals("requires") && at("{")) {
            skipBalanced();
          }
          return new Expr.Special(s, s.text(), ImmutableList.of());
        }
        default -> {
          // postfix
        }
      }
    }
    return postfix(primary());
  }

  private Expr newExpression(Token s) {
    p++;
    if (at("(")) { // placement arguments
      skipBalanced();
    }
    TypeSpec t;
    if (at("(")) {
      p++;
      t = typeWithDeclarator();
      expect(")");
    } else {
      t = pointerOps(type());
    }
    while (at("[")) {
      skipBalanced();
    }
    ImmutableList<Expr> args = ImmutableList.of();
    if (at("(")) {
      p++;
      args = arguments();
    } else if (at("{")) {
      args = ((Expr.InitList) initList()).items();
    }
    return new Expr.Special(s, "new", args, t);
  }

  /** {@code (T) x} when what is inside the parentheses is a type. */
  private Expr tryCast() {
    Token open = cur();
    int save = p;
    p++;
    boolean known = startsType();
    if (!known && !unknownTypeInParentheses()) {
      p = save;
      return null;
    }
    try {
      TypeSpec t = typeWithDeclarator();
      if (accept(")") && !at(")") && !at(";") && !at(",") && !at("]") && !at("}") && !isBinaryOperatorOnly()) {
        Expr operand = at("{") ? initList() : unary();
        return new Expr.Cast(open, "c-style", t, ImmutableList.of(operand));
      }
    } catch (TooDeep e) {
      throw e;
    } catch (ParseError e) {
      // not a cast
    }
    p = save;
    return null;
  }

  /**
   * {@code (Foo*) p}, {@code (Foo) x}: a name the parser does not know, in parentheses, followed
   * by an operand: with a declarator operator inside, or a name or literal right after.
   */
  private boolean unknownTypeInParentheses() {
    if (!isName(cur()) && !at("::")) {
      return false;
    }
    NameShape shape = scanName(p, true);
    if (shape == null || shape.kind() != Kind.UNKNOWN) {
      return false;
    }
    int q = shape.end();
    boolean declarator = false;
    while (at(q).is("*") || at(q).is("&") || at(q).is("const") || at(q).is("volatile")) {
      declarator |= at(q).is("*") || at(q).is("&");
      q++;
    }
    if (!at(q).is(")")) {
      return false;
    }
    Token after = at(q + 1);
    boolean operand = isName(after) || after.kind() == TokenKind.NUMBER || after.kind() == TokenKind.STRING
        || after.kind() == TokenKind.CHAR || after.is("this");
    return operand || (declarator && (after.is("(") || after.is("&") || after.is("*")));
  }

  private boolean isBinaryOperatorOnly() {
    return cur().kind() == TokenKind.PUNCT && Set.of("=", "==", "!=", "<", ">", "<=", ">=", "/", "%", "|", "^",
        "||", "&&", "?", ":", "]", "}", "+=", "-=", ".", "->", "[", "*=", "/=", ">>", "<<").contains(cur().text());
  }

  private Expr postfix(Expr e) {
    while (true) {
      Token t = cur();
      if (at("[") && !peek(1).is("[")) {
        p++;
        Expr idx = withGreater(this::expression);
        expect("]");
        e = new Expr.Index(e, idx);
      } else if (at("(")) {
        p++;
        e = new Expr.Call(e, arguments(), t);
      } else if (at("<<") && peek(1).is("<") && noGreater == 0) {
        p += 2;
        List<Expr> config = withoutGreater(() -> {
          List<Expr> list = new ArrayList<>();
          while (!at(">>") && !atEof()) {
            list.add(assignment());
            if (!accept(",")) {
              break;
            }
          }
          return list;
        });
        expect(">>");
        expect(">");
        Token open = expect("(");
        e = new Expr.Launch(e, ImmutableList.copyOf(config), arguments(), open);
      } else if (at(".") || at("->")) {
        boolean arrow = at("->");
        p++;
        boolean forced = accept("template");
        accept("~");
        Token name = at("operator") ? operatorName() : identifier();
        ImmutableList<TemplateArg> targs = null;
        if (at("<") && opensArguments(p, forced ? Kind.VALUE_TEMPLATE : memberKind(name.text()), false, false)) {
          targs = templateArgs();
        }
        e = new Expr.Member(e, name, targs, arrow);
      } else if (at("++") || at("--")) {
        p++;
        e = new Expr.Unary(t, t.text(), e, true);
      } else {
        return e;
      }
    }
  }

  /** A member name after '.' or '->': a template only where the declarations of that name agree it is one. */
  private Kind memberKind(String name) {
    return names.memberKind(name);
  }

  private ImmutableList<Expr> arguments() {
    List<Expr> args = withGreater(() -> expressionList(")", false));
    expect(")");
    return ImmutableList.copyOf(args);
  }

  private Expr initList() {
    Token s = expect("{");
    List<Expr> items = withGreater(() -> expressionList("}", true));
    expect("}");
    return new Expr.InitList(s, ImmutableList.copyOf(items));
  }

  /** Comma-separated items (each possibly a braced list or followed by '...') up to {@code close}. */
  private List<Expr> expressionList(String close, boolean designators) {
    List<Expr> items = new ArrayList<>();
    while (!at(close) && !atEof()) {
      if (designators && at(".") && peek(1).isIdentifier() && (peek(2).is("=") || peek(2).is("{"))) {
        p++;
        Token name = next();
        accept("=");
        items.add(new Expr.Designated(name, at("{") ? initList() : assignment()));
      } else {
        items.add(at("{") ? initList() : assignment());
      }
      accept("...");
      if (!accept(",")) {
        break;
      }
    }
    return items;
  }

  private Expr primary() {
    Token s = cur();
    switch (s.kind()) {
      case NUMBER -> {
        p++;
        String txt = s.text().toLowerCase(java.util.Locale.ROOT);
        boolean hex = txt.startsWith("0x");
        boolean floating = txt.contains(".") || (!hex && (txt.contains("e") || txt.endsWith("f")))
            || (hex && txt.contains("p"));
        return new Expr.Literal(s, floating ? Expr.Literal.Kind.FLOATING : Expr.Literal.Kind.INTEGER);
      }
      case STRING -> {
        while (cur().kind() == TokenKind.STRING) {
          p++;
        }
        return new Expr.Literal(s, Expr.Literal.Kind.STRING);
      }
      case CHAR -> {
        p++;
        return new Expr.Literal(s, Expr.Literal.Kind.CHARACTER);
      }
      default -> {
        // below
      }
    }
    if (at("(")) {
      int close = matching(p);
      if (close > 0 && foldExpression(p, close)) { // (args + ...): typed as unknown
        p = close + 1;
        return new Expr.Unknown(s);
      }
      if (peek(1).is("{")) { // a GNU statement expression ({ ... })
        skipBalanced();
        return new Expr.Unknown(s);
      }
      p++;
      Expr inner = withGreater(this::expression);
      expect(")");
      return inner;
    }
    if (at("[")) {
      return lambda();
    }
    if (at("{")) {
      return initList();
    }
    if (!s.isIdentifier() && !at("::")) {
      throw new ParseError(s, "expected an expression but found '" + describe(s) + "'");
    }
    switch (s.text()) {
      case "true", "false" -> {
        p++;
        return new Expr.Literal(s, Expr.Literal.Kind.BOOLEAN);
      }
      case "nullptr", "NULL", "__null" -> {
        p++;
        return new Expr.Literal(s, Expr.Literal.Kind.NULLPTR);
      }
      case "this" -> {
        p++;
        return new Expr.This(s);
      }
      default -> {
        // below
      }
    }
    if (CASTS.contains(s.text()) && peek(1).is("<") && !castTemplateWithArguments(p + 1)) {
      p++;
      expect("<");
      TypeSpec t = withoutGreater(this::typeWithDeclarator);
      expect(">");
      expect("(");
      Expr operand = withGreater(this::expression);
      expect(")");
      return new Expr.Cast(s, s.text(), t, ImmutableList.of(operand));
    }
    if (BUILTIN_TYPE_WORDS.contains(s.text()) || at("typename") || at("decltype") || at("auto")) {
      TypeSpec t = type();
      if (!at("(") && !at("{")) {
        return new Expr.Unknown(s); // decltype(x) used as a value
      }
      return functionalCast(s, t);
    }
    if (isKeyword(s) && !at("operator")) {
      throw new ParseError(s, "expected an expression but found '" + s.text() + "'");
    }
    QualifiedName name = qualifiedName(false);
    Kind kind = name.isQualified() ? names.classifyQualified(qualifierOf(name), name.lastName())
        : names.classify(name.lastName());
    if ((kind.isType() && (at("(") || at("{"))) || (kind == Kind.UNKNOWN && at("{") && !name.lastName().equals(
        "operator"))) {
      TypeSpec t = new TypeSpec(s, null, name, false, false, false, false, ImmutableList.of(), TypeSpec.Ref.NONE, 0,
          false);
      return functionalCast(s, t);
    }
    return new Expr.Name(name);
  }

  /**
   * Whether the {@code <} at {@code open} after a cast's name opens more than one template argument:
   * then the name is a function template of that name ({@code cutlass::platform::bit_cast<To,
   * From>(x)}), called like any other, not the one-type cast.
   */
  private boolean castTemplateWithArguments(int open) {
    int end = skipAngles(open);
    return end > 0 && hasTopLevel(open, end, Set.of(","));
  }

  /** Whether the parentheses at {@code open} hold a fold expression: {@code ...} next to an operator. */
  private boolean foldExpression(int open, int close) {
    for (int i = open + 1; i < close; i++) {
      Token t = at(i);
      if (t.is("(") || t.is("[") || t.is("{")) {
        int c = matching(i);
        if (c < 0) {
          return false;
        }
        i = c;
        continue;
      }
      if (t.is("...") && (at(i - 1).kind() == TokenKind.PUNCT && !at(i - 1).is(")")
          && !(at(i - 1).is(">") && angleBefore(open + 1, i - 1))
          || at(i + 1).kind() == TokenKind.PUNCT && !at(i + 1).is(")") && !at(i + 1).is(","))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a {@code <} lies in [from, to) outside brackets: a {@code >} at {@code to} may close it. */
  private boolean angleBefore(int from, int to) {
    for (int i = from; i < to; i++) {
      if (at(i).is("(") || at(i).is("[") || at(i).is("{")) {
        int c = matching(i);
        if (c < 0) {
          return true;
        }
        i = c;
      } else if (at(i).is("<")) {
        return true;
      }
    }
    return false;
  }

  private Expr functionalCast(Token s, TypeSpec t) {
    if (at("{")) {
      Expr.InitList list = (Expr.InitList) initList();
      return new Expr.Cast(s, "functional-list", t, list.items());
    }
    expect("(");
    ImmutableList<Expr> args = arguments();
    return new Expr.Cast(s, "functional", t, args);
  }

  private Expr lambda() {
    Token s = cur();
    skipBalanced(); // captures
    names.push();
    try {
      List<Decl.Param> params = null;
      if (at("<")) { // a template lambda
        int close = skipAngles(p);
        p = close > 0 ? close : p + 1;
        requiresClause();
      }
      while (cur().isIdentifier() && (CUDA_QUALIFIERS.contains(cur().text()) || at("mutable") || at("constexpr"))) {
        p++; // [=] __device__ (int i) { ... }
      }
      if (at("(")) {
        params = new ArrayList<>();
        parameterList(params);
      }
      while (at("mutable") || at("constexpr") || at("consteval") || at("static")
          || (cur().isIdentifier() && CUDA_QUALIFIERS.contains(cur().text()))) {
        p++;
      }
      functionTail();
      specifiers();
      TypeSpec ret = null;
      if (accept("->")) {
        ret = typeWithDeclarator();
      }
      Stmt.Block body = block();
      return new Expr.Lambda(s, params == null ? null : ImmutableList.copyOf(params), ret, body);
    } finally {
      names.pop();
    }
  }
}
