package io.jitguard.cpp.pp;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.Budget;
import io.jitguard.cpp.model.NvrtcModel;
import io.jitguard.cpp.lex.Expansion;
import io.jitguard.cpp.lex.IncludeTrail;
import io.jitguard.cpp.lex.LexedFiles;
import io.jitguard.cpp.lex.Lexer;
import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.lex.TokenKind;
import io.jitguard.source.SourceCache;
import io.jitguard.source.SourceFile;
import io.jitguard.source.SourceLocation;
import io.jitguard.targets.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A C++ preprocessor for kernel sources, as NVRTC's device pass sees them for one target.
 *
 * <p>It collects problems and keeps going: an include it cannot find is a note (once per name),
 * an {@code #error} it reaches is an error diagnostic, a malformed directive is skipped. Every
 * output token keeps where it was written and the macro expansion that produced it. Expansion is
 * bounded in depth and in the number of tokens produced, so hostile input ends quickly.
 */
public final class Preprocessor {
  /**
   * What to preprocess with. {@code budget} bounds the work per unit (tokens substituted, counting
   * intermediate expansions; tokens output; files included; nesting); {@code projectRoot}, when
   * given, is a folder a quoted relative include may reach besides the include folders.
   */
  public record Config(ImmutableList<Path> includeDirs, ImmutableMap<String, String> defines, Target target,
      Budget budget, Optional<Path> projectRoot) {
    public static Config of(List<Path> includeDirs, Map<String, String> defines, Target target) {
      return new Config(ImmutableList.copyOf(includeDirs), ImmutableMap.copyOf(defines), target, Budget.DEFAULT,
          Optional.empty());
    }

    public Config withProjectRoot(Optional<Path> root) {
      return new Config(includeDirs, defines, target, budget, root);
    }

    public Config withBudget(Budget b) {
      return new Config(includeDirs, defines, target, b, projectRoot);
    }
  }

  /** The preprocessed token stream and everything met on the way. */
  /**
   * {@code cutShort}: a limit stopped the unit, so its tokens end where the limit was reached;
   * {@code unresolvedIncludes}: the includes no folder holds (the unit went on without them).
   */
  public record Result(ImmutableList<Token> tokens, ImmutableList<PpDiagnostic> diagnostics,
      ImmutableList<SourceFile> files, boolean cutShort, ImmutableList<String> unresolvedIncludes) {}

  private final Config config;
  private final SourceCache cache;
  private final LexedFiles lexed;
  private final Map<String, Macro> macros = new HashMap<>();
  private final List<Token> out = new ArrayList<>();
  private final List<PpDiagnostic> diagnostics = new ArrayList<>();
  private final Set<SourceFile> files = new LinkedHashSet<>();
  private final Set<Path> pragmaOnce = new HashSet<>();
  private final Set<String> reportedMissing = new LinkedHashSet<>();
  private final List<Path> includeStack = new ArrayList<>();
  private IncludeResolver resolver;
  private long produced;
  private long includes;
  private long read;
  private final HideSets hideSets = new HideSets();
  /** A limit was reached: the rest of the unit is not read, so nothing is checked on half-expanded code. */
  private boolean stopped;
  private int counter;
  /** How many macro arguments are being pre-expanded, one inside another ({@code F(G(H(x)))}). */
  private int argumentDepth;

  public Preprocessor(Config config, SourceCache cache) {
    this(config, cache, new LexedFiles());
  }

  /** With the lexed files of other units of the same run, to lex each file once. */
  public Preprocessor(Config config, SourceCache cache, LexedFiles lexed) {
    this.config = config;
    this.cache = cache;
    this.lexed = lexed;
  }

  /** Preprocesses one translation unit. Never throws for bad input. */
  public Result run(Path mainFile) {
    resolver = new IncludeResolver(config.includeDirs(), List.of(mainFile), config.projectRoot());
    Map<String, String> predefined = new LinkedHashMap<>(NvrtcModel.predefinedMacros(config.target()));
    define(predefined, "<built-in>");
    define(config.defines(), null);
    SourceFile main;
    try {
      main = cache.get(mainFile);
    } catch (IOException e) {
      SourceFile none = SourceCache.synthetic(mainFile.toString(), "");
      diagnostics.add(new PpDiagnostic(PpDiagnostic.Kind.ERROR, none.location(0), "cannot read '" + mainFile + "': "
          + readProblem(e)));
      return new Result(ImmutableList.of(), ImmutableList.copyOf(diagnostics), ImmutableList.of(), stopped,
          ImmutableList.copyOf(reportedMissing));
    }
    processFile(main, null);
    return new Result(ImmutableList.copyOf(out), ImmutableList.copyOf(diagnostics), ImmutableList.copyOf(files),
        stopped, ImmutableList.copyOf(reportedMissing));
  }

  private void define(Map<String, String> defs, String origin) {
    for (Map.Entry<String, String> d : defs.entrySet()) {
      // a command-line definition is located at its argument, the one place the user can find it
      SourceFile f = SourceCache.synthetic(origin != null ? origin : "<command line: -D " + d.getKey() + "="
          + d.getValue() + ">", "#define " + d.getKey() + " " + d.getValue() + "\n");
      List<Token> toks = new Lexer(f, null).tokenize();
      handleDefine(toks.subList(3, toks.size() - 2), toks.get(2)); // '#' 'define' NAME body... NEWLINE EOF
    }
  }

  private void error(Token at, String message) {
    diagnostics.add(new PpDiagnostic(PpDiagnostic.Kind.ERROR, at.location(), message));
  }

  private void warning(Token at, String message) {
    diagnostics.add(new PpDiagnostic(PpDiagnostic.Kind.WARNING, at.location(), message));
  }

  // ---------------------------------------------------------------- files and directives

  /** One open conditional: whether any branch was taken, whether the current one is live. */
  private static final class Cond {
    final Token at;
    final boolean parentActive;
    boolean taken;
    boolean active;
    boolean sawElse;

    Cond(Token at, boolean parentActive, boolean active) {
      this.at = at;
      this.parentActive = parentActive;
      this.active = active;
      this.taken = active;
    }
  }

  private void processFile(SourceFile file, IncludeTrail trail) {
    boolean first = files.add(file);
    includeStack.add(file.path());
    List<Token> toks = lexed.tokens(file, trail);
    if (first) { // the budgets grow with the unit's sources, each file once
      read += toks.size();
    } else { // reading a file again is work like a macro's expansion, and counts against the same budget
      produced += toks.size();
    }
    for (Lexer.Problem p : lexed.problems(file)) {
      diagnostics.add(new PpDiagnostic(PpDiagnostic.Kind.ERROR, file.location(p.offset()), p.message()));
    }
    Input in = new Input(toks, file, trail);
    while (true) {
      Token t = in.file.get(in.pos);
      if (t.kind() == TokenKind.EOF || stopped) {
        break;
      }
      if (t.kind() == TokenKind.NEWLINE) {
        in.pos++;
        continue;
      }
      if (t.atLineStart() && t.is("#")) {
        in.pos++;
        directive(in, false);
        continue;
      }
      if (!in.active()) {
        in.skipLine();
        continue;
      }
      expand(in, out);
    }
    for (Cond c : in.conds) {
      if (!stopped) {
        error(c.at, "unterminated #" + c.at.text() + " (no matching #endif in " + file.displayName() + ")");
      }
    }
    includeStack.remove(includeStack.size() - 1);
  }

  /**
   * One directive line. Inside a macro's arguments (which gcc and NVRTC allow across lines, with
   * {@code #if} blocks in them), conditionals and definitions take effect; an include does not.
   */
  private void directive(Input in, boolean insideArguments) {
    ArrayDeque<Cond> conds = in.conds;
    boolean active = in.active();
    SourceFile file = in.source;
    IncludeTrail trail = in.trail;
    List<Token> line = in.restOfLine();
    if (line.isEmpty()) {
      return; // the null directive
    }
    Token name = line.get(0);
    List<Token> args = line.subList(1, line.size());
    switch (name.text()) {
      case "if", "ifdef", "ifndef" -> {
        Truth value = active ? condition(name, args) : Truth.FALSE;
        Cond c = new Cond(name, active, value == Truth.TRUE);
        c.taken |= value == Truth.UNKNOWN; // an unknown condition: no branch of this #if is checked
        conds.push(c);
        return;
      }
      case "elif", "elifdef", "elifndef" -> {
        Cond c = conds.peek();
        if (c == null) {
          error(name, "#" + name.text() + " without #if");
          return;
        }
        if (c.sawElse) {
          error(name, "#" + name.text() + " after #else");
        }
        if (c.taken || !c.parentActive) {
          c.active = false;
        } else {
          String kind = name.text().equals("elif") ? "if" : name.text().substring(2);
          Truth value = condition(name.withText(TokenKind.IDENTIFIER, kind), args);
          c.active = value == Truth.TRUE;
          c.taken |= value != Truth.FALSE;
        }
        return;
      }
      case "else" -> {
        Cond c = conds.peek();
        if (c == null) {
          error(name, "#else without #if");
          return;
        }
        if (c.sawElse) {
          error(name, "#else after #else");
        }
        c.sawElse = true;
        c.active = c.parentActive && !c.taken;
        c.taken = true;
        return;
      }
      case "endif" -> {
        if (conds.isEmpty()) {
          error(name, "#endif without #if");
        } else {
          conds.pop();
        }
        return;
      }
      default -> {
        // other directives only matter where code is live
      }
    }
    if (!active) {
      return;
    }
    switch (name.text()) {
      case "define" -> {
        if (args.isEmpty() || !args.get(0).isIdentifier()) {
          error(name, "macro name must be an identifier");
        } else {
          handleDefine(args.subList(1, args.size()), args.get(0));
        }
      }
      case "undef" -> {
        if (args.isEmpty() || !args.get(0).isIdentifier()) {
          error(name, "macro name must be an identifier");
        } else {
          macros.remove(args.get(0).text());
        }
      }
      case "include", "include_next" -> {
        if (insideArguments) {
          error(name, "#include inside the arguments of a macro invocation is not read");
        } else {
          include(name, args, file, trail);
        }
      }
      case "error" -> error(name, "#error directive: " + joinText(args));
      case "warning" -> warning(name, "#warning directive: " + joinText(args));
      case "pragma" -> {
        if (!args.isEmpty() && args.get(0).is("once")) {
          pragmaOnce.add(file.path());
        }
      }
      case "line", "ident", "sccs" -> {
        // no effect on checking
      }
      default -> {
        if (name.kind() != TokenKind.NUMBER) { // "# 12 file" line markers are fine
          error(name, "invalid preprocessing directive '#" + name.text() + "'");
        }
      }
    }
  }

  /** A condition's value; unknown when the checker cannot evaluate it. */
  private enum Truth { TRUE, FALSE, UNKNOWN }

  private Truth condition(Token directive, List<Token> args) {
    String kind = directive.text();
    if (kind.equals("ifdef") || kind.equals("ifndef")) {
      if (args.isEmpty() || !args.get(0).isIdentifier()) {
        error(directive, "#" + kind + " needs a macro name");
        return Truth.FALSE;
      }
      boolean defined = macros.containsKey(args.get(0).text());
      return kind.equals("ifdef") == defined ? Truth.TRUE : Truth.FALSE;
    }
    List<Token> replaced = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Token t = args.get(i);
      if (t.is("defined")) {
        boolean paren = i + 1 < args.size() && args.get(i + 1).is("(");
        int nameAt = paren ? i + 2 : i + 1;
        if (nameAt >= args.size() || !args.get(nameAt).isIdentifier()) {
          error(t, "'defined' needs a macro name");
          return Truth.FALSE;
        }
        boolean def = macros.containsKey(args.get(nameAt).text());
        replaced.add(t.withText(TokenKind.NUMBER, def ? "1" : "0"));
        i = paren ? nameAt + 1 : nameAt;
        if (paren && (i >= args.size() || !args.get(i).is(")"))) {
          error(t, "missing ')' after 'defined'");
          return Truth.FALSE;
        }
      } else if (t.is("__has_include") || t.is("__has_include_next")) {
        int close = i + 1;
        while (close < args.size() && !args.get(close).is(")")) {
          close++;
        }
        List<Token> inner = args.subList(Math.min(i + 2, args.size()), Math.min(close, args.size()));
        boolean found = false;
        if (!inner.isEmpty()) {
          boolean angled = inner.get(0).is("<");
          String header = angled ? joinTight(inner.subList(1, Math.max(1, inner.size() - 1)))
              : unquote(inner.get(0).text());
          IncludeResolver.Resolution r = resolver.resolve(header, angled, t.file().path().getParent());
          found = r instanceof IncludeResolver.Found || r instanceof IncludeResolver.Toolkit;
        }
        replaced.add(t.withText(TokenKind.NUMBER, found ? "1" : "0"));
        i = close;
      } else {
        replaced.add(t);
      }
    }
    List<Token> expanded = new ArrayList<>();
    Input in = new Input(null);
    in.pending.addAll(replaced);
    expand(in, expanded);
    try {
      return ConstantExpression.evaluate(expanded, directive) != 0 ? Truth.TRUE : Truth.FALSE;
    } catch (ConstantExpression.Failure f) {
      // an expression the checker does not understand (__has_builtin(x), a macro it lacks): not an error in the
      // code, so a note, and no branch of this conditional is checked rather than a guessed one
      Token at = f.at == null ? directive : f.at;
      String text = joinText(args);
      diagnostics.add(new PpDiagnostic(PpDiagnostic.Kind.NOTE, userSite(at), "cannot evaluate #" + directive.text()
          + " " + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + " (" + f.getMessage()
          + "); no branch of it is checked", f.limit));
      return Truth.UNKNOWN;
    }
  }

  private void handleDefine(List<Token> rest, Token nameToken) {
    String name = nameToken.text();
    if (name.equals("defined") || name.equals("__has_include")) {
      error(nameToken, "'" + name + "' cannot be used as a macro name");
      return;
    }
    ImmutableList<String> params = null;
    boolean variadic = false;
    int bodyStart = 0;
    if (!rest.isEmpty() && rest.get(0).is("(") && !rest.get(0).leadingSpace()) {
      List<String> ps = new ArrayList<>();
      int i = 1;
      boolean ok = false;
      while (i < rest.size()) {
        Token t = rest.get(i);
        if (t.is(")")) {
          ok = true;
          i++;
          break;
        }
        if (t.is("...")) {
          ps.add("__VA_ARGS__");
          variadic = true;
        } else if (t.isIdentifier()) {
          if (i + 1 < rest.size() && rest.get(i + 1).is("...")) {
            variadic = true;
            i++;
          }
          ps.add(t.text());
        } else if (!t.is(",")) {
          break;
        }
        i++;
      }
      if (!ok) {
        error(nameToken, "malformed parameter list of macro '" + name + "'");
        return;
      }
      params = ImmutableList.copyOf(ps);
      bodyStart = i;
    }
    Macro m = new Macro(name, params, variadic, ImmutableList.copyOf(rest.subList(bodyStart, rest.size())), nameToken);
    Macro prior = macros.put(name, m);
    if (prior != null && !prior.sameAs(m) && !"<built-in>".equals(prior.definedAt().file().displayName())) {
      warning(nameToken, "'" + name + "' macro redefined (previous definition at " + prior.definedAt().location() + ")");
    }
  }

  private void include(Token directive, List<Token> args, SourceFile file, IncludeTrail trail) {
    List<Token> operand = args;
    if (!operand.isEmpty() && operand.get(0).isIdentifier()) {
      List<Token> expanded = new ArrayList<>();
      Input in = new Input(null);
      in.pending.addAll(operand);
      expand(in, expanded);
      operand = expanded;
    }
    String header;
    boolean angled;
    if (!operand.isEmpty() && operand.get(0).kind() == TokenKind.STRING) {
      header = unquote(operand.get(0).text());
      angled = false;
    } else if (!operand.isEmpty() && operand.get(0).is("<") && operand.get(operand.size() - 1).is(">")) {
      header = joinTight(operand.subList(1, operand.size() - 1));
      angled = true;
    } else {
      error(directive, "#include expects \"FILENAME\" or <FILENAME>");
      return;
    }
    IncludeResolver.Resolution r = resolver.resolve(header, angled, file.path().getParent());
    if (r instanceof IncludeResolver.Toolkit) {
      return; // provided by NVRTC; the checker knows its types
    }
    if (r instanceof IncludeResolver.NotFound) {
      if (reportedMissing.add(header)) {
        diagnostics.add(new PpDiagnostic(PpDiagnostic.Kind.NOTE, directive.location(), "cannot find include "
            + (angled ? "<" + header + ">" : "\"" + header + "\"") + "; checking goes on without it"));
      }
      return;
    }
    if (r instanceof IncludeResolver.Escapes e) {
      error(directive, "include " + (angled ? "<" + header + ">" : "\"" + header + "\"") + " resolves to "
          + e.path() + ", outside the project and the include folders " + resolver.roots());
      return;
    }
    Path path = ((IncludeResolver.Found) r).path();
    if (pragmaOnce.contains(path)) {
      return;
    }
    long onStack = includeStack.stream().filter(path::equals).count();
    if (onStack >= 2) {
      error(directive, "include cycle: " + header + " includes itself through " + cycle(path));
      return;
    }
    if (includeStack.size() >= config.budget().includeDepth()) {
      stop(directive, "#include nested more than " + config.budget().includeDepth() + " levels deep (budget "
          + "include-depth)");
      return;
    }
    if (includes >= config.budget().includes()) {
      stop(directive, "more than " + config.budget().includes() + " files included in this unit (budget includes)");
      return;
    }
    if (produced > config.budget().expansionFor(read)) {
      stopExpansion(directive);
      return;
    }
    SourceFile included;
    try {
      included = cache.get(path);
    } catch (IOException ex) {
      error(directive, "cannot read included file " + path + ": " + readProblem(ex));
      return;
    }
    includes++;
    processFile(included, new IncludeTrail(directive, trail));
  }

  private String cycle(Path path) {
    int first = includeStack.indexOf(path);
    StringBuilder b = new StringBuilder();
    for (Path p : includeStack.subList(first, includeStack.size())) {
      b.append(p.getFileName()).append(" -> ");
    }
    return b.append(path.getFileName()).toString();
  }

  // ---------------------------------------------------------------- macro expansion

  /** Tokens still to scan: macro results first, then the rest of the file (if any), with its open conditionals. */
  private final class Input {
    final ArrayDeque<Token> pending = new ArrayDeque<>();
    final List<Token> file;
    final SourceFile source;
    final IncludeTrail trail;
    final ArrayDeque<Cond> conds = new ArrayDeque<>();
    int pos;

    Input(List<Token> file) {
      this(file, null, null);
    }

    Input(List<Token> file, SourceFile source, IncludeTrail trail) {
      this.file = file;
      this.source = source;
      this.trail = trail;
    }

    boolean active() {
      return conds.isEmpty() || conds.peek().active;
    }

    /** The next token of the current logical line, or null at its end. */
    Token next() {
      if (!pending.isEmpty()) {
        return pending.pollFirst();
      }
      if (file == null) {
        return null;
      }
      Token t = file.get(pos);
      if (t.kind() == TokenKind.NEWLINE || t.kind() == TokenKind.EOF) {
        return null;
      }
      pos++;
      return t;
    }

    /** The next token, looking across line ends (not into a directive): for a macro's '('. */
    Token peekAcrossLines() {
      if (!pending.isEmpty()) {
        return pending.peekFirst();
      }
      if (file == null) {
        return null;
      }
      int p = pos;
      while (file.get(p).kind() == TokenKind.NEWLINE) {
        p++;
        if (file.get(p).atLineStart() && file.get(p).is("#")) {
          return null;
        }
      }
      return file.get(p).kind() == TokenKind.EOF ? null : file.get(p);
    }

    /** The next token of a macro's arguments: across lines, through directives and the branches they leave out. */
    Token nextAcrossLines() {
      if (!pending.isEmpty()) {
        return pending.pollFirst();
      }
      if (file == null) {
        return null;
      }
      while (true) {
        Token t = file.get(pos);
        if (t.kind() == TokenKind.EOF || stopped) {
          return null;
        }
        if (t.kind() == TokenKind.NEWLINE) {
          pos++;
          continue;
        }
        if (t.atLineStart() && t.is("#")) {
          pos++;
          directive(this, true);
          continue;
        }
        if (!active()) {
          skipLine();
          continue;
        }
        pos++;
        return t;
      }
    }

    void skipLine() {
      while (file.get(pos).kind() != TokenKind.NEWLINE && file.get(pos).kind() != TokenKind.EOF) {
        pos++;
      }
    }

    List<Token> restOfLine() {
      List<Token> line = new ArrayList<>();
      Token t;
      while ((t = next()) != null) {
        line.add(t);
      }
      return line;
    }
  }

  private void expand(Input in, List<Token> sink) {
    Token t;
    while (!stopped && (t = in.next()) != null) {
      if (t.kind() == TokenKind.IDENTIFIER) {
        Macro m = macros.get(t.text());
        if (m != null && !t.hideSet().contains(m.name()) && expandable(t)) {
          if (!m.functionLike()) {
            pushFront(in, substitute(m, t, List.of()));
            continue;
          }
          Token next = in.peekAcrossLines();
          if (next != null && next.is("(")) {
            in.nextAcrossLines();
            List<List<Token>> args = collectArguments(in, m, t);
            if (args != null) {
              pushFront(in, substitute(m, t, args));
            }
            continue;
          }
        } else if (t.is("__LINE__") || t.is("__FILE__") || t.is("__COUNTER__")) {
          Token site = t.expansion() != null ? t.expansion().outermostInvocation() : t;
          String text = switch (t.text()) {
            case "__LINE__" -> Integer.toString(site.location().line());
            case "__FILE__" -> "\"" + site.file().displayName().replace("\\", "\\\\") + "\"";
            default -> Integer.toString(counter++);
          };
          sink.add(t.withText(t.text().equals("__FILE__") ? TokenKind.STRING : TokenKind.NUMBER, text));
          continue;
        } else if (sink == out && t.is("_Pragma") && pragmaOperator(in, t)) {
          continue;
        }
      }
      sink.add(t);
    }
  }

  /**
   * The {@code _Pragma("...")} operator in the unit's output (after macro replacement, as in
   * CUTLASS's {@code CUTLASS_PRAGMA_UNROLL} under NVRTC): it acts as the {@code #pragma} it spells
   * and leaves no tokens, like the directive. Returns false, with the tokens after {@code name} put
   * back, where they are not a parenthesised string literal on the same line; those stay as written.
   * Inside a macro's arguments the operator is left for the rescan of the replacement.
   */
  private boolean pragmaOperator(Input in, Token name) {
    List<Token> operator = new ArrayList<>(3);
    Token u;
    while (operator.size() < 3 && (u = in.next()) != null) {
      operator.add(u);
    }
    if (operator.size() == 3 && operator.get(0).is("(") && operator.get(1).kind() == TokenKind.STRING
        && operator.get(2).is(")")) {
      String text = operator.get(1).text(); // only "once" acts here, and it has nothing to destringize
      String pragma = text.startsWith("\"") ? unquote(text).strip() : "";
      if ((pragma.equals("once") || pragma.startsWith("once ")) && name.expansion() == null) {
        pragmaOnce.add(name.file().path());
      }
      return true;
    }
    pushFront(in, operator);
    return false;
  }

  private boolean expandable(Token t) {
    if (stopped) {
      return false;
    }
    Budget b = config.budget();
    if (produced > b.expansionFor(read)) {
      stopExpansion(t);
      return false;
    }
    if (out.size() > b.outputFor(read)) {
      stop(t, "the preprocessed unit holds more than " + b.outputFor(read) + " tokens (budget output " + b.output()
          + " + output-per-token " + b.outputPerToken() + " x " + read + " tokens in the unit's files)");
      return false;
    }
    int depth = t.expansion() == null ? 0 : t.expansion().depth();
    if (depth >= b.macroDepth()) {
      stop(t, "macro expansion nested more than " + b.macroDepth() + " levels (budget macro-depth)");
      return false;
    }
    return true;
  }

  private void stopExpansion(Token at) {
    Budget b = config.budget();
    stop(at, "macro expansion, token pasting and files read again came to more than " + b.expansionFor(read) + " tokens (budget "
        + "expansion " + b.expansion() + " + expansion-per-token " + b.expansionPerToken() + " x " + read
        + " tokens in the unit's files)");
  }

  /** A limit of the checker's own: a note, and the rest of the unit is not read. */
  private void stop(Token at, String what) {
    if (!stopped) {
      stopped = true;
      diagnostics.add(new PpDiagnostic(PpDiagnostic.Kind.NOTE, userSite(at), what + "; the rest of this unit was not "
          + "checked", true));
    }
  }

  private static void pushFront(Input in, List<Token> tokens) {
    for (int i = tokens.size() - 1; i >= 0; i--) {
      in.pending.offerFirst(tokens.get(i));
    }
  }

  /** Reads the arguments after '(' up to the matching ')'; null (and an error) when unterminated. */
  private List<List<Token>> collectArguments(Input in, Macro m, Token name) {
    List<List<Token>> args = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    int depth = 0;
    // At the outermost call, how deeply macro invocations nest inside the arguments: each level
    // pre-expands its arguments again, so a deep nest costs depth x length. Past the limit the
    // unit stops here, before any of it is expanded, and one pass over the tokens was the cost.
    boolean measure = argumentDepth == 0;
    int[] callParens = new int[8];
    int calls = 0;
    Token tooDeep = null;
    Token previous = null;
    while (true) {
      Token t = in.nextAcrossLines();
      if (t == null) {
        error(name, "unterminated argument list invoking macro '" + m.name() + "'"
            + (name.expansion() == null ? "" : " (in the expansion of '" + name.expansion().macro() + "' at "
                + userSite(name) + ")"));
        return null;
      }
      if (t.is("(")) {
        if (measure && previous != null && invokesMacro(previous)) {
          if (calls == callParens.length) {
            callParens = Arrays.copyOf(callParens, calls * 2);
          }
          callParens[calls++] = depth;
          if (calls >= config.budget().macroDepth() && tooDeep == null) {
            tooDeep = previous;
          }
        }
        depth++;
      } else if (t.is(")")) {
        if (depth == 0) {
          break;
        }
        depth--;
        if (calls > 0 && callParens[calls - 1] == depth) {
          calls--;
        }
      } else if (t.is(",") && depth == 0 && !(m.variadic() && args.size() == m.params().size() - 1)) {
        args.add(current);
        current = new ArrayList<>();
        previous = t;
        continue;
      }
      current.add(t);
      previous = t;
    }
    if (tooDeep != null) {
      stop(tooDeep, "macro invocations nested more than " + config.budget().macroDepth()
          + " levels inside the arguments of '" + m.name() + "' (budget macro-depth)");
      return null;
    }
    args.add(current);
    int expected = m.params().size();
    if (args.size() == 1 && args.get(0).isEmpty() && expected == 0) {
      args.clear();
    }
    if (m.variadic() && args.size() == expected - 1) {
      args.add(new ArrayList<>());
    }
    if (args.size() != expected) {
      error(name, "macro '" + m.name() + "' takes " + expected + " argument" + (expected == 1 ? "" : "s")
          + ", but " + args.size() + " were given");
      return null;
    }
    return args;
  }

  /** Whether {@code t}, followed by '(', is an invocation of a function-like macro. */
  private boolean invokesMacro(Token t) {
    if (t.kind() != TokenKind.IDENTIFIER) {
      return false;
    }
    Macro m = macros.get(t.text());
    return m != null && m.functionLike() && !t.hideSet().contains(m.name());
  }

  private List<Token> substitute(Macro m, Token name, List<List<Token>> args) {
    Expansion exp = new Expansion(m.name(), name, name.expansion());
    Set<String> hides = hideSets.add(name.hideSet(), m.name());
    List<Token> body = m.body();
    List<Token> result = new ArrayList<>();
    Map<Integer, List<Token>> expandedArgs = new HashMap<>();
    for (int i = 0; i < body.size(); i++) {
      Token b = body.get(i);
      int param = paramIndex(m, b);
      if (m.functionLike() && b.is("#") && i + 1 < body.size() && paramIndex(m, body.get(i + 1)) >= 0) {
        result.add(stringize(args.get(paramIndex(m, body.get(i + 1))), b, exp, hides));
        i++;
      } else if (b.is("##") && i + 1 < body.size()) {
        Token left = result.isEmpty() ? null : result.remove(result.size() - 1);
        Token rightToken = body.get(++i);
        int rp = paramIndex(m, rightToken);
        List<Token> right = rp >= 0 ? args.get(rp) : List.of(rightToken);
        Token first = right.isEmpty() ? null : right.get(0);
        if (left != null && left.is(",") && rp >= 0 && m.variadic() && rp == m.params().size() - 1) {
          // GNU: ", ## __VA_ARGS__" keeps the comma before variadic arguments and drops it without any
          if (!right.isEmpty()) {
            result.add(left);
            result.addAll(expandedArgument(rp, args, expandedArgs, exp, hides));
          }
          continue;
        }
        if (left == null && first != null) {
          result.add(first.withExpansion(exp, hides, first.leadingSpace()));
        } else if (left != null && first == null) {
          result.add(left);
        } else if (left != null) {
          result.add(paste(left, first, exp, hides));
        }
        for (int k = 1; k < right.size(); k++) {
          result.add(right.get(k).withExpansion(exp, hides, right.get(k).leadingSpace()));
        }
      } else if (b.is("__VA_OPT__") && m.variadic() && i + 1 < body.size() && body.get(i + 1).is("(")) {
        int depth = 0;
        int j = i + 1;
        List<Token> inner = new ArrayList<>();
        for (; j < body.size(); j++) {
          Token x = body.get(j);
          if (x.is("(")) {
            if (depth++ == 0) {
              continue;
            }
          } else if (x.is(")") && --depth == 0) {
            break;
          }
          inner.add(x);
        }
        if (!args.get(args.size() - 1).isEmpty()) {
          for (Token x : inner) {
            int p = paramIndex(m, x);
            if (p >= 0) {
              result.addAll(expandedArgument(p, args, expandedArgs, exp, hides));
            } else {
              result.add(x.withExpansion(exp, hides, x.leadingSpace()));
            }
          }
        }
        i = j;
      } else if (param >= 0) {
        boolean pasted = i + 1 < body.size() && body.get(i + 1).is("##");
        List<Token> arg = pasted ? raw(args.get(param), exp, hides) : expandedArgument(param, args, expandedArgs, exp, hides);
        if (!arg.isEmpty()) {
          arg.set(0, arg.get(0).withExpansion(arg.get(0).expansion(), arg.get(0).hideSet(), b.leadingSpace()));
        }
        result.addAll(arg);
      } else {
        result.add(b.withExpansion(exp, hides, i == 0 ? name.leadingSpace() : b.leadingSpace()));
      }
    }
    produced += result.size();
    return result;
  }

  private List<Token> raw(List<Token> arg, Expansion exp, Set<String> hides) {
    List<Token> out = new ArrayList<>(arg.size());
    for (Token t : arg) {
      out.add(t.withExpansion(exp, hideSets.union(t.hideSet(), hides), t.leadingSpace()));
    }
    return out;
  }

  private List<Token> expandedArgument(int param, List<List<Token>> args, Map<Integer, List<Token>> cache,
      Expansion exp, Set<String> hides) {
    List<Token> expanded = cache.computeIfAbsent(param, p -> {
      List<Token> sink = new ArrayList<>();
      if (argumentDepth >= config.budget().macroDepth()) {
        stop(exp.invocation(), "macro arguments nested more than " + config.budget().macroDepth()
            + " levels (budget macro-depth)");
        return sink;
      }
      Input in = new Input(null);
      in.pending.addAll(args.get(p));
      argumentDepth++;
      try {
        expand(in, sink);
      } finally {
        argumentDepth--;
      }
      return sink;
    });
    // argument tokens keep where the user wrote them; they now also went through this macro
    List<Token> out = new ArrayList<>(expanded.size());
    for (Token t : expanded) {
      out.add(t.withExpansion(exp, hideSets.union(t.hideSet(), hides), t.leadingSpace()));
    }
    return out;
  }

  private static int paramIndex(Macro m, Token t) {
    if (!m.functionLike() || !t.isIdentifier()) {
      return -1;
    }
    return m.params().indexOf(t.text());
  }

  private Token stringize(List<Token> arg, Token hash, Expansion exp, Set<String> hides) {
    produced += arg.size();
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < arg.size(); i++) {
      Token t = arg.get(i);
      if (i > 0 && t.leadingSpace()) {
        b.append(' ');
      }
      String text = t.text();
      if (t.kind() == TokenKind.STRING || t.kind() == TokenKind.CHAR) {
        text = text.replace("\\", "\\\\").replace("\"", "\\\"");
      }
      b.append(text);
    }
    b.append('"');
    return new Token(TokenKind.STRING, b.toString(), hash.file(), hash.offset(), hash.leadingSpace(), false, exp,
        hides, hash.includedFrom());
  }

  private Token paste(Token left, Token right, Expansion exp, Set<String> hides) {
    String text = left.text() + right.text();
    produced += text.length(); // lexing the pasted text is work the token count alone does not see
    SourceFile f = SourceCache.synthetic("<paste>", text);
    List<Token> lexed = new Lexer(f, null).tokenize();
    TokenKind kind = lexed.get(0).kind();
    if (lexed.size() != 3) { // one token, NEWLINE, EOF
      warning(left, "pasting \"" + left.text() + "\" and \"" + right.text() + "\" does not give a valid token");
    }
    return new Token(kind, text, left.file(), left.offset(), left.leadingSpace(), false, exp, hides,
        left.includedFrom());
  }

  private static String joinText(List<Token> toks) {
    StringBuilder b = new StringBuilder();
    for (Token t : toks) {
      if (b.length() > 0 && t.leadingSpace()) {
        b.append(' ');
      }
      b.append(t.text());
    }
    return b.toString();
  }

  private static String joinTight(List<Token> toks) {
    StringBuilder b = new StringBuilder();
    for (Token t : toks) {
      b.append(t.text());
    }
    return b.toString();
  }

  private static String unquote(String s) {
    return s.length() >= 2 ? s.substring(1, s.length() - 1) : s;
  }

  private static String readProblem(IOException e) {
    return e instanceof java.nio.charset.CharacterCodingException ? "not valid UTF-8" : e.toString();
  }

  /** For tests and tools: the location of a token's outermost macro invocation, or its own. */
  public static SourceLocation userSite(Token t) {
    return t.expansion() == null ? t.location() : t.expansion().outermostInvocation().location();
  }
}
