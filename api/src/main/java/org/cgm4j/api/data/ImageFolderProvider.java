package org.cgm4j.api.data;


/**
 * The {@value #NAME} dataset: a folder of the user's own PNG or JPEG images ({@code data.dir}),
 * read by {@link ImageFolderReader} as its {@code data.options} ({@link ImageFolderOptions}) say.
 * Its shape and labels depend on the folder, so it declares neither; they come with what it
 * loads. The options are checked when the definition loads; the folder's files when the run
 * starts, each error naming the file (and line).
 */
public final class ImageFolderProvider implements DatasetProvider {
    /** The {@code data.source} name. */
    public static final String NAME = "imageFolder";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a folder of PNG or JPEG images, grey or RGB, of one declared size (or resized to it); labels from"
                + " class sub-folders, a labels CSV (a class, or 0/1 attributes) or CelebA's list_attr_celeba.txt,"
                + " or none";
    }

    @Override
    public String origin() {
        return "data.dir, the folder the user names; data.options: " + String.join(", ", ImageFolderOptions.KEYS)
                + "; SHA-256 over every image read";
    }


    @Override
    public void validate(DatasetRequest request) {
        options(request);
    }

    @Override
    public DatasetSplits load(DatasetRequest request, DatasetContext context) {
        ImageFolderData d = ImageFolderReader.read(options(request));
        ImageShape shape = new ImageShape(d.channels(), d.height(), d.width());
        return new DatasetSplits(NAME, images(d, d.train(), shape), images(d, d.test(), shape), d.sha256(),
                d.description());
    }

    private static ImageFolderOptions options(DatasetRequest request) {
        if (request.dir() == null) {
            throw new IllegalArgumentException("data.dir must name the folder holding the images (dataset '" + NAME
                    + "')");
        }
        return ImageFolderOptions.parse(request.dir(), request.options());
    }

    private static LabeledImages images(ImageFolderData d, ImageFolderData.Part p, ImageShape shape) {
        return switch (d.kind()) {
            case CLASS -> LabeledImages.withClasses(shape, p.count(), p.pixels(), p.classes(), d.classNames());
            case ATTRIBUTES -> LabeledImages.withAttributes(
                    shape, p.count(), p.pixels(), p.attributes(), d.attributeNames());
            case NONE -> LabeledImages.unlabelled(shape, p.count(), p.pixels());
        };
    }
}
