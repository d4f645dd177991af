package io.jitguard.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document whose every value remembers its line and column, so that a strict reader can
 * point at the exact key or value it rejects. Jackson's streaming parser does the lexing.
 */
public final class JsonTree {
  private JsonTree() {}

  /** A position in the document, 1-based. */
  public record Pos(int line, int column) {
    static Pos of(JsonLocation l) {
      return new Pos(l.getLineNr(), l.getColumnNr());
    }
  }

  /** Any JSON value. */
  public sealed interface Value permits Obj, Arr, Str, Num, Bool, Null {
    Pos pos();

    /** {@code object}, {@code array}, {@code string}, ... for error messages. */
    String kind();
  }

  public record Field(String key, Pos keyPos, Value value) {}

  public record Obj(Map<String, Field> fields, Pos pos) implements Value {
    public String kind() {
      return "object";
    }
  }

  public record Arr(List<Value> items, Pos pos) implements Value {
    public String kind() {
      return "array";
    }
  }

  public record Str(String value, Pos pos) implements Value {
    public String kind() {
      return "string";
    }
  }

  public record Num(Number value, boolean integral, Pos pos) implements Value {
    public String kind() {
      return integral ? "integer" : "number";
    }
  }

  public record Bool(boolean value, Pos pos) implements Value {
    public String kind() {
      return "boolean";
    }
  }

  public record Null(Pos pos) implements Value {
    public String kind() {
      return "null";
    }
  }

  /** Thrown for malformed JSON; carries the position Jackson reported. */
  public static final class SyntaxError extends Exception {
    private final Pos pos;

    SyntaxError(String message, Pos pos) {
      super(message);
      this.pos = pos;
    }

    public Pos pos() {
      return pos;
    }
  }

  public static Value parse(String text) throws SyntaxError {
    JsonFactory factory = JsonFactory.builder().build();
    try (JsonParser p = factory.createParser(text)) {
      try {
        if (p.nextToken() == null) {
          throw new SyntaxError("empty document", new Pos(1, 1));
        }
        Value v = read(p);
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
          throw new SyntaxError("unexpected content after the top-level value", Pos.of(p.currentTokenLocation()));
        }
        return v;
      } catch (StreamConstraintsException e) { // one of Jackson's size limits: say which, where it was passed
        throw new SyntaxError(limit(e), Pos.of(p.currentLocation()));
      }
    } catch (JsonParseException e) {
      String msg = e.getOriginalMessage();
      int cut = msg.indexOf('\n');
      throw new SyntaxError("malformed JSON: " + (cut > 0 ? msg.substring(0, cut) : msg), Pos.of(e.getLocation()));
    } catch (IOException e) {
      throw new SyntaxError("malformed JSON: " + e.getMessage(), new Pos(1, 1));
    }
  }

  private static String limit(StreamConstraintsException e) {
    StreamReadConstraints c = StreamReadConstraints.defaults();
    String m = String.valueOf(e.getMessage());
    if (m.contains("nesting depth")) {
      return "JSON nested deeper than " + c.getMaxNestingDepth() + " levels";
    } else if (m.contains("String value length")) {
      return "a JSON string longer than " + c.getMaxStringLength() + " characters";
    } else if (m.contains("Number value length")) {
      return "a JSON number longer than " + c.getMaxNumberLength() + " digits";
    } else if (m.contains("Name length")) {
      return "a JSON member name longer than " + c.getMaxNameLength() + " characters";
    }
    return "JSON past a size limit: " + m;
  }

  private static Value read(JsonParser p) throws IOException, SyntaxError {
    Pos pos = Pos.of(p.currentTokenLocation());
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Field> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Pos keyPos = Pos.of(p.currentTokenLocation());
          p.nextToken();
          Value v = read(p);
          if (fields.containsKey(key)) {
            throw new SyntaxError("duplicate key '" + key + "'", keyPos);
          }
          fields.put(key, new Field(key, keyPos, v));
        }
        return new Obj(fields, pos);
      }
      case START_ARRAY -> {
        List<Value> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(p));
        }
        return new Arr(items, pos);
      }
      case VALUE_STRING -> {
        return new Str(p.getText(), pos);
      }
      case VALUE_NUMBER_INT -> {
        return new Num(p.getNumberValue(), true, pos);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new Num(p.getNumberValue(), false, pos);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Bool(p.getBooleanValue(), pos);
      }
      case VALUE_NULL -> {
        return new Null(pos);
      }
      default -> throw new SyntaxError("unexpected " + t, pos);
    }
  }
}
