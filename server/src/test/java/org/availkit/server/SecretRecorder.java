package org.availkit.server;

import java.util.List;
import java.util.Optional;
import org.aopalliance.intercept.MethodInterceptor;
import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.auth.ApiSecrets;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Records every secret the agents' admin service hands out in a test JVM ({@link TestRecords}):
 * those of {@code agents create}, {@code agents import} and {@code agents rotate-key} run in
 * process (each starts an application context of its own), of the first start's admin, of key
 * rotations and of the agents tests make. A component in the application's package, so every
 * context the tests start (the command line's too) scans it and wraps its {@link AgentAdmin}; the
 * source recorded is the method that made the secret.
 */
@Component
class SecretRecorder implements BeanPostProcessor {

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
