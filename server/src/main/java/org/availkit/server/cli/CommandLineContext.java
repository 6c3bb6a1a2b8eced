package org.availkit.server.cli;

import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.agent.AgentRepository;
import org.availkit.server.agent.Agents;
import org.availkit.server.system.AvailkitProperties;
import org.availkit.server.system.DatabaseConfig;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The {@code agents} command line's application context: the server's database (its pool and
 * breaker, its migrations, its transactions, the embedded database's files) and the agent classes
 * {@link AgentAdmin} runs on, and nothing else. The server's whole context (about 150
 * auto-configurations evaluated, a web server, security, metrics) took most of a command's time
 * while a command uses none of it ({@code bench/README.md}, "Server start").
 *
 * <p>It reads the same settings as the server (application.yml, profiles, the environment, {@code
 * --name=value}): {@link AgentsCommand} starts it with Spring Boot's {@code SpringApplication},
 * which loads them, and the auto-configurations listed are the ones the server's context uses for
 * the same beans. Not a {@code @Configuration}, so that the server's component scan, which covers
 * this package, never picks it up; as the primary source of its own application it is processed all
 * the same (Spring's "lite" configuration classes: {@code @Import} is enough).
 *
 * <p>Used when a command is given settings, runs on PostgreSQL, or finds the embedded database
 * missing or not yet migrated; otherwise {@link DefaultDatabase} runs it without a context.
 */
@ImportAutoConfiguration({
  PropertyPlaceholderAutoConfiguration.class,
  DataSourceAutoConfiguration.class,
  FlywayAutoConfiguration.class,
  JdbcTemplateAutoConfiguration.class,
  DataSourceTransactionManagerAutoConfiguration.class,
  TransactionAutoConfiguration.class
})
@Import({DatabaseConfig.class, AgentRepository.class, Agents.class, AgentAdmin.class})
@EnableConfigurationProperties(AvailkitProperties.class)
final class CommandLineContext {}
