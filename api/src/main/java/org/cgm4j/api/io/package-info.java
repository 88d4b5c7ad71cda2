/** File helpers shared by every module: atomic writes. */
package org.cgm4j.api.io;
