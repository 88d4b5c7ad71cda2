package org.cgm4j.api.data;

import org.cgm4j.api.plugin.ModelPlugin;

/**
 * Registers the tasks that ship with the API: {@code unconditional}, {@code quadrants}, {@code
 * occlusion}, {@code classConditional} and {@code attributes}.
 */
public final class CoreTasksPlugin extends ModelPlugin {
    @Override
    protected void register() {
        registerTask(UnconditionalTask.TYPE, UnconditionalTask.class);
        registerTask(QuadrantsTask.TYPE, QuadrantsTask.class);
        registerTask(OcclusionTask.TYPE, OcclusionTask.class);
        registerTask(ClassConditionalTask.TYPE, ClassConditionalTask.class);
        registerTask(AttributesTask.TYPE, AttributesTask.class);
    }
}
