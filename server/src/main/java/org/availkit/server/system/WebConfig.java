package org.availkit.server.system;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.openapitools.jackson.nullable.JsonNullableJackson3Module;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.EnumFeature;

/** JSON and content negotiation as the contract wants them. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

  /**
   * The API speaks JSON only, whatever {@code Accept} says, so that an error can always be sent as
   * the envelope (never a 406 without a body).
   */
  @Override
  public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
    configurer.ignoreAcceptHeader(true).defaultContentType(MediaType.APPLICATION_JSON);
  }

  /**
   * Nullable fields as {@code JsonNullable}; enums only from their names (never {@code 1} for the
   * second value); a key given twice is an error rather than a silent last-one-wins; properties in
   * the order the spec declares them (Jackson 3 sorts them by default); an explicit null where the
   * spec allows none is refused.
   */
  @Bean
  JsonMapperBuilderCustomizer contractJson() {
    return builder ->
        builder
            .addModule(new JsonNullableJackson3Module())
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            // No request field is nullable in the spec: an explicit null is an input error, not
            // "absent".
            .changeDefaultNullHandling(n -> JsonSetter.Value.forValueNulls(Nulls.FAIL));
  }
}
