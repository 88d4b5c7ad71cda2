package org.cgm4j.api.data;

import java.util.ArrayList;
import java.util.List;
import org.cgm4j.api.plugin.ModelPlugin;

/**
 * Registers the datasets that ship with the API: {@code mnist-10k} (embedded), {@code mnist} and
 * {@code fashion-mnist} ({@link MnistFormatProvider}), {@code idx}, any directory of IDX files
 * ({@link IdxProvider}), {@code imageFolder}, a folder of PNG or JPEG images ({@link
 * ImageFolderProvider}), and {@code mnist-10k-attributes} and {@code mnist-attributes}, the digits
 * labelled by binary attributes measured from their pixels ({@link PixelAttributesProvider}).
 */
public final class CoreDatasetsPlugin extends ModelPlugin {
    @Override
    protected void register() {
        providers(MnistFormatProvider.all()).forEach(this::registerDataset);
    }

    /** The core providers, with {@code mnistFormat} as the three MNIST-format datasets. */
    static List<DatasetProvider> providers(List<MnistFormatProvider> mnistFormat) {
        List<DatasetProvider> all = new ArrayList<>(mnistFormat);
        all.addAll(PixelAttributesProvider.of(mnistFormat));
        all.add(new IdxProvider());
        all.add(new ImageFolderProvider());
        return all;
    }
}
