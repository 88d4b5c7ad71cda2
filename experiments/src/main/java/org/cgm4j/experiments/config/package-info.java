/**
 * Loading experiment definitions: {@link org.cgm4j.experiments.config.DefinitionLoader} merges the
 * layers of a definition (framework defaults, the model plugin's defaults, the {@code extends:}
 * chain, the file, {@code --set} overrides), binds the result to {@link
 * org.cgm4j.experiments.config.ExperimentDefinition} and validates it; every problem is a {@link
 * org.cgm4j.experiments.config.DefinitionException} naming file, line, column, key and what is
 * allowed. {@link org.cgm4j.experiments.config.ResolvedDefinition} is the result, whose tree is what
 * a run's {@code resolved.yaml} holds.
 */
package org.cgm4j.experiments.config;
