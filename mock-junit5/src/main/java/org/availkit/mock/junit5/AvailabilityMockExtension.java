package org.availkit.mock.junit5;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.availkit.mock.AvailabilityMock;
import org.availkit.mock.MockOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts an availability mock in the test's JVM, on a free port, for a test class: before its first
 * test (and its {@code @BeforeAll} methods), resets it before each test, stops it after the class.
 * {@code @Nested} classes share their enclosing class's mock. Two forms, one per class:
 *
 * <ul>
 *   <li>{@link AvailabilityMockTest @AvailabilityMockTest} on the class, its attributes the mock's
 *       options (a plain {@code @ExtendWith(AvailabilityMockExtension.class)}: the defaults);
 *   <li>{@code @RegisterExtension static AvailabilityMockExtension mock =
 *       AvailabilityMockExtension.builder().credential("ak_x", "as_x").build();}, whose {@link
 *       #url()} and {@link #admin()} the tests may call too. On an instance field, where JUnit
 *       calls no class-level callbacks, each test gets a mock of its own.
 * </ul>
 *
 * <p>It resolves parameters of the types {@link RunningMock} and {@link MockAdmin}, and {@code
 * String} or {@code URI} ones annotated {@link MockUrl @MockUrl}. Its tests share one mock, so they
 * run one after the other (JUnit's default), not concurrently; classes may run in parallel, each
 * with its own mock.
 *
 * <p>Only the JUnit Jupiter API that JUnit 5 has too is used (the extension points, the store,
 * {@code AnnotationSupport.findAnnotation}); the build tests it with the project's JUnit.
 */
public final class AvailabilityMockExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(AvailabilityMockExtension.class);

  /** The mock's command line; null: the test class's {@code @AvailabilityMockTest}. */
  private final List<String> args;

  /** The mock last started or found, for the field form's {@link #url()} and {@link #admin()}. */
  private volatile RunningMock current;

  /** The form that {@code @AvailabilityMockTest} and {@code @ExtendWith} instantiate. */
  public AvailabilityMockExtension() {
    this.args = null;
  }

  private AvailabilityMockExtension(List<String> args) {
    this.args = List.copyOf(args);
    options(this.args); // a wrong option fails where the field is declared, not at the first test
  }

  /**
   * A mock started with the command line {@code mock/run} takes ({@code mock/run --help}): {@code
   * withOptions("--credential", "ak_x:as_x", "--latency", "50")}. The port is a free one unless
   * {@code --port} is given.
   */
  public static AvailabilityMockExtension withOptions(String... args) {
    return new AvailabilityMockExtension(List.of(args));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The options of {@link #withOptions}, one by one. */
  public static final class Builder {
    private final List<String> args = new ArrayList<>();

    private Builder() {}

    /** Accepts this pair ({@code --credential}; repeatable). Without any, the demo pair. */
    public Builder credential(String apiKey, String apiSecret) {
      return options("--credential", apiKey + ":" + apiSecret);
    }

    /** Accepts any well-formed pair ({@code --accept-any-credentials}). */
    public Builder acceptAnyCredentials() {
      return options("--accept-any-credentials");
    }

    /** Delays every answer ({@code --latency}). */
    public Builder latencyMillis(int millis) {
      return options("--latency", Integer.toString(millis));
    }

    /** Allows only these origins' pages ({@code --cors-origins}); none given: no origin. */
    public Builder corsOrigins(String... origins) {
      return options("--cors-origins", String.join(",", origins));
    }

    /** Any other flags of the mock's command line, as separate words. */
    public Builder options(String... flags) {
      args.addAll(List.of(flags));
      return this;
    }

    public AvailabilityMockExtension build() {
      return new AvailabilityMockExtension(args);
    }
  }

  /** The running mock's base URL (field form; between the class's start and end). */
  public String url() {
    return running().url();
  }

  /** The running mock's admin API (field form; between the class's start and end). */
  public MockAdmin admin() {
    return running().admin();
  }

  /** The running mock (field form; between the class's start and end). */
  public RunningMock running() {
    RunningMock mock = current;
    if (mock == null) {
      throw new IllegalStateException(
          "No availability mock is running: this extension starts one before the first test of the"
              + " class whose static field it is, and stops it after the last");
    }
    return mock;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    mock(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    // Found as started before the class, unless this is an instance field's extension: then the
    // test's own mock, started here and stopped after it.
    mock(context).admin().reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stopIfStartedIn(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopIfStartedIn(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (parameter.isAnnotated(MockUrl.class)) {
      if (type != String.class && type != URI.class) {
        throw new ParameterResolutionException(
            "@MockUrl takes a String or a URI parameter, not " + type.getName());
      }
      return true;
    }
    return type == RunningMock.class || type == MockAdmin.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // Started here if need be: a PER_CLASS test instance is made before the class-level callbacks.
    RunningMock mock = mock(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == RunningMock.class) {
      return mock;
    }
    if (type == MockAdmin.class) {
      return mock.admin();
    }
    return type == URI.class ? mock.uri() : mock.url();
  }

  /** What the store keeps: the mock, and the unique id of the context that started it. */
  private record Started(RunningMock mock, String owner) {}

  /**
   * The mock that this context sees (its own, its class's or an enclosing class's: a store looks
   * into its parents'), or one started for it. Keyed by this extension, so that a nested class's
   * own field starts a mock of its own.
   */
  private RunningMock mock(ExtensionContext context) {
    Store store = context.getStore(NAMESPACE);
    Started started = store.get(this, Started.class);
    if (started == null) {
      MockOptions options = options(context);
      started =
          new Started(new RunningMock(AvailabilityMock.start(options), options), ownerId(context));
      store.put(this, started);
    }
    current = started.mock();
    return started.mock();
  }

  private void stopIfStartedIn(ExtensionContext context) {
    Store store = context.getStore(NAMESPACE);
    Started started = store.get(this, Started.class);
    if (started != null && started.owner().equals(ownerId(context))) {
      store.remove(this);
      if (current == started.mock()) {
        current = null;
      }
      started.mock().stop();
    }
  }

  private static String ownerId(ExtensionContext context) {
    return context.getUniqueId();
  }

  private MockOptions options(ExtensionContext context) {
    if (args != null) {
      return options(args);
    }
    Optional<Class<?>> annotated = context.getTestClass();
    Optional<AvailabilityMockTest> annotation = Optional.empty();
    // The class, its superclasses (@Inherited) and annotations it is meta-annotated with; then the
    // classes a @Nested class sits in.
    for (Class<?> type = annotated.orElse(null);
        type != null && annotation.isEmpty();
        type = type.getEnclosingClass()) {
      annotation = AnnotationSupport.findAnnotation(type, AvailabilityMockTest.class);
    }
    List<String> fromAnnotation = annotation.map(AvailabilityMockExtension::args).orElse(List.of());
    try {
      return options(fromAnnotation);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "@AvailabilityMockTest on "
              + annotated.map(Class::getName).orElse("?")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static List<String> args(AvailabilityMockTest test) {
    List<String> args = new ArrayList<>();
    for (String credential : test.credentials()) {
      args.add("--credential");
      args.add(credential);
    }
    if (test.acceptAnyCredentials()) {
      args.add("--accept-any-credentials");
    }
    if (test.latencyMillis() != 0) {
      args.add("--latency");
      args.add(Integer.toString(test.latencyMillis()));
    }
    args.add("--cors-origins");
    args.add(String.join(",", test.corsOrigins()));
    args.addAll(List.of(test.options()));
    return args;
  }

  /** The mock's own parser, so that every flag means what {@code mock/run --help} says. */
  private static MockOptions options(List<String> args) {
    MockOptions options = MockOptions.parse(args.toArray(String[]::new));
    return args.contains("--port") ? options : options.withPort(0);
  }
}
