package io.jitguard.check;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A check's stable identity: id (JG001...), short name, one-line summary (no final period), severity. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CheckInfo {
  String id();

  String name();

  String summary();

  /** A paragraph for rule documentation (SARIF fullDescription and help): what, why it matters, how to fix. */
  String explanation();

  Severity severity();
}
