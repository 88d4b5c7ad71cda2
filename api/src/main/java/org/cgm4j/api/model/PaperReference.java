package org.cgm4j.api.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The paper (and equation) a model class implements; shown by {@code cgm4j models}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PaperReference {
    /** Authors, year and title. */
    String value();

    /** Where in the paper: "Eq. 4", "Section 3.2". */
    String where() default "";
}
