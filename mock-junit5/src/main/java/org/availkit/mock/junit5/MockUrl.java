package org.availkit.mock.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} or {@code java.net.URI} parameter that takes the mock's base URL, {@code
 * http://localhost:PORT} (no trailing slash; the API is under {@code /api/v1}).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MockUrl {}
