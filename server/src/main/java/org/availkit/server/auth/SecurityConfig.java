package org.availkit.server.auth;

import java.time.Clock;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.server.agent.Agents;
import org.availkit.server.error.ApiError;
import org.availkit.server.error.ErrorWriter;
import org.availkit.server.system.AvailkitProperties;
import org.availkit.server.system.EmbeddedStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Stateless API-key security: every {@code /api/**} call needs credentials, except the contract
 * itself; everything else (Swagger UI, health, metrics, unknown paths) is open.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfig {

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      Agents agents,
      ErrorWriter errors,
      Clock clock,
      AvailkitProperties properties,
      EmbeddedStore store)
      throws Exception {
    AvailkitProperties.AuthFailures limits = properties.authFailures();
    FailedAuthLimiter limiter =
        new FailedAuthLimiter(
            limits.maxPerWindow(), limits.window().toMillis(), limits.maxTracked(), clock);
    // cors(): the corsFilter bean of CorsConfig, before authentication.
    http.cors(Customizer.withDefaults())
        .csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(HttpMethod.GET, "/api/v1/openapi.yaml")
                    .permitAll()
                    .requestMatchers("/api/**")
                    .authenticated()
                    .anyRequest()
                    .permitAll())
        .addFilterBefore(
            new ApiKeyAuthenticationFilter(agents, errors, limiter, clock, store),
            AnonymousAuthenticationFilter.class)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, ex) ->
                            errors.write(response, ApiError.of(ErrorCatalogue.unauthorized())))
                    .accessDeniedHandler(
                        (request, response, ex) ->
                            errors.write(response, ApiError.of(ErrorCatalogue.accessDenied()))));
    return http.build();
  }

  /** No user accounts: keeps Spring Boot from creating (and logging) a default user. */
  @Bean
  UserDetailsService noUsers() {
    return new InMemoryUserDetailsManager();
  }
}
