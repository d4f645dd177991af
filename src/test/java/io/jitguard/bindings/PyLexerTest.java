package io.jitguard.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.source.SourceCache;
import io.jitguard.testing.TestResources;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Python tokenizer: the forms it must tell apart, and no input that makes it throw or loop. */
class PyLexerTest {
  private static List<String> texts(String src) {
    return PyLexer.lex(src).tokens().stream().map(PyToken::text).toList();
  }

  @Test
  void operatorsAreTheLongestMatch_andStringsAndCommentsAreWhole() {
    assertEquals(List.of("f", "(", "a", "==", "b", ",", "**", "k", ")", "\n"), texts("f(a == b, **k)  # f(1, 2)\n"));
    assertEquals(List.of("x", "=", "rb'a\\'b'", "+", "f\"{d[\"k\"]:>{w}}\"", "\n"),
        texts("x = rb'a\\'b' + f\"{d[\"k\"]:>{w}}\"\n"));
    assertEquals(List.of("s", "=", "'''a\n'b'\n'''", "\n"), texts("s = '''a\n'b'\n'''\n"));
  }

  @Test
  void lineBreaksInsideBracketsAndAfterABackslash_areNotNewlines() {
    List<PyToken> t = PyLexer.lex("f(a,\n  b) + \\\n c\nd\n").tokens();
    assertEquals(2, t.stream().filter(x -> x.kind() == PyToken.Kind.NEWLINE).count(), t.toString());
  }

  @Test
  void anUnterminatedString_isAProblemAtItsStart_andLexingGoesOn() {
    PyLexer.Result r = PyLexer.lex("a = 'open\nb = 1\n");
    assertEquals(1, r.problems().size());
    assertEquals(4, r.problems().get(0).offset());
    assertTrue(texts("a = 'open\nb = 1\n").contains("b"));
  }

  @Test
  void everyTruncationAndRandomInput_lexesWithoutThrowing() throws Exception {
    String fixture = Files.readString(TestResources.path("check/jg005/forms/calls.py"));
    for (int i = 0; i <= fixture.length(); i++) {
      String cut = fixture.substring(0, i);
      PyLexer.Result r = PyLexer.lex(cut);
      PyCalls.find(SourceCache.synthetic("cut.py", cut), r.tokens());
    }
    Random random = new Random(5);
    String alphabet = "()[]{},.=*'\"\\#\nfrbu_a1 :lambda\r\t{}";
    for (int n = 0; n < 2000; n++) {
      StringBuilder b = new StringBuilder();
      for (int i = random.nextInt(60); i > 0; i--) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      PyLexer.Result r = PyLexer.lex(b.toString());
      PyCalls.find(SourceCache.synthetic("random.py", b.toString()), r.tokens());
    }
  }
}
