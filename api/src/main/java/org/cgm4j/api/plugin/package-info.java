/** Plugin registration: Guice modules found by ServiceLoader, and the registry of models and metrics by name. */
package org.cgm4j.api.plugin;
