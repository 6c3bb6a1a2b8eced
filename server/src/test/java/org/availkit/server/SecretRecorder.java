package org.availkit.server;

import java.util.List;
import java.util.Optional;
import org.aopalliance.intercept.MethodInterceptor;
import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.auth.ApiSecrets;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Records every secret the agents' admin service hands out in a test JVM ({@link TestRecords}):
 * those of {@code agents create}, {@code agents import} and {@code agents rotate-key} run in
 * process (each starts an application context of its own), of the first start's admin, of key
 * rotations and of the agents tests make; the source recorded is the method that made the secret.
 *
 * <p>Installed by {@link Installer}, which the test classpath's {@code META-INF/spring.factories}
 * names: Spring Boot's {@code SpringApplication} applies the initializers listed there to every
 * context it starts, so the server's contexts the tests start ({@code @SpringBootTest} loads them
 * through a {@code SpringApplication}) and the command line's, which is not the server's and scans
 * no package ({@code CommandLineContext}), get it alike. Not a component: a scanned one would wrap
 * the server's {@code AgentAdmin} twice and miss the command line's.
 */
final class SecretRecorder implements BeanPostProcessor {

  /** Adds a recorder to each context before it is refreshed. */
  static final class Installer
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      context.getBeanFactory().addBeanPostProcessor(new SecretRecorder());
    }
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof AgentAdmin)) {
      return bean;
    }
    ProxyFactory proxy = new ProxyFactory(bean);
    proxy.setProxyTargetClass(true);
    proxy.addAdvice(
        (MethodInterceptor)
            invocation -> {
              Object result = invocation.proceed();
              record(invocation.getMethod().getName(), result);
              return result;
            });
    return proxy.getProxy();
  }

  private static void record(String source, Object result) {
    if (result instanceof AgentAdmin.Created created) {
      String secret = created.credentials().apiSecret();
      // The scan looks for the hash the records compute; it must be the one the server stores.
      if (!TestRecords.storedHash(secret).equals(ApiSecrets.hash(secret))) {
        throw new IllegalStateException(
            "TestRecords.storedHash no longer computes ApiSecrets.hash");
      }
      TestRecords.secret(source, secret);
    } else if (result instanceof Optional<?> optional) {
      optional.ifPresent(value -> record(source, value));
    } else if (result instanceof List<?> list) {
      list.forEach(value -> record(source, value));
    }
  }
}
