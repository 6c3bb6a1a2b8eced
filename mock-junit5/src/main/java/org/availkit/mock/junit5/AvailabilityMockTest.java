package org.availkit.mock.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against an availability mock of its own, in the test's JVM on a free port:
 * started before the class's first test, reset (every agent back to the spec's example, the journal
 * emptied) before each test, stopped after its last. Test methods, {@code @BeforeEach} and
 * constructors take a {@link RunningMock}, a {@link MockAdmin} or a {@code @}{@link MockUrl} {@code
 * String} or {@code URI} as parameters. {@code @Nested} classes share the enclosing class's mock.
 *
 * <p>The attributes are the mock's command line ({@code mock/run --help}), parsed as it is, so that
 * they mean what the README says they mean; {@link #options()} takes any other flag. The form with
 * a field instead: {@link AvailabilityMockExtension#builder()}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(AvailabilityMockExtension.class)
public @interface AvailabilityMockTest {

  /**
   * The accepted pairs, each {@code KEY:SECRET} ({@code --credential}); none: the demo pair {@code
   * ak_demo:as_demo}.
   */
  String[] credentials() default {};

  /** Accept any well-formed {@code key:secret} ({@code --accept-any-credentials}). */
  boolean acceptAnyCredentials() default false;

  /** A delay added to every answer, in milliseconds ({@code --latency}). */
  int latencyMillis() default 0;

  /**
   * The origins whose pages may call the mock, patterns as the server's {@code
   * availkit.cors.allowed-origins} ({@code --cors-origins}); any by default, none when empty.
   */
  String[] corsOrigins() default {"*"};

  /**
   * Any other flags of the mock's command line, as separate words: {@code {"--journal", "500"}},
   * {@code {"--no-cors"}}. A {@code --port} here replaces the free port.
   */
  String[] options() default {};
}
