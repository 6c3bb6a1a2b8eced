package org.availkit.server.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The server's own settings ({@code availkit.*}); each is documented in the README.
 *
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param bootstrapAdmin whether the first start on an empty database creates an admin agent and
 *     prints its credentials
 */
@ConfigurationProperties("availkit")
public record AvailkitProperties(
    @DefaultValue("16KB") DataSize maxBodyBytes,
    @DefaultValue("true") boolean bootstrapAdmin) {}
