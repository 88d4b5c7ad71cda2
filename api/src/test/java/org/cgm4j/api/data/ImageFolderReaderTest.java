package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.cgm4j.api.data.ImageFolderOptions.Resize;
import org.cgm4j.api.data.ImageFolderOptions.SplitSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each folder layout and each error, on small real PNG and JPEG files written here with ImageIO. */
class ImageFolderReaderTest {
    @TempDir
    Path dir;

    /** An opaque RGB image whose pixel (x, y) is (r + x, g + y, b). */
    static BufferedImage rgb(int h, int w, int r, int g, int b) {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                im.setRGB(x, y, ((r + x) << 16) | ((g + y) << 8) | b);
            }
        }
        return im;
    }

    /** A grey image whose pixel (x, y) is v + x + y. */
    static BufferedImage grey(int h, int w, int v) {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = im.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, v + x + y);
            }
        }
        return im;
    }

    Path write(String rel, BufferedImage im) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        String format = rel.endsWith(".png") ? "png" : "jpeg";
        assertThat(ImageIO.write(im, format, p.toFile())).isTrue();
        return p;
    }

    Path text(String rel, String... lines) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    ImageFolderOptions options(int c, int h, int w, String labels, SplitSpec split) {
        return new ImageFolderOptions(dir, List.of(c, h, w), null, labels, null, split);
    }

    /** Three classes of 4, 4 and 2 RGB images; image k of class c is rgb(4, 4, 10 c, k, 7). */
    void threeClasses() throws IOException {
        String[] names = {"bird", "cat", "dog"};
        int[] counts = {4, 4, 2};
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < counts[c]; k++) {
                write(names[c] + "/" + k + ".png", rgb(4, 4, 10 * c, k, 7));
            }
        }
    }

    @Test
    void classFoldersWithAStratifiedFixedSeedFraction() throws IOException {
        threeClasses();
        Files.writeString(dir.resolve("README.txt"), "not an image: left alone");
        ImageFolderData d = ImageFolderReader.read(options(3, 4, 4, "folders", SplitSpec.byFraction(0.25, 1)));

        assertThat(d.kind()).isEqualTo(LabelKind.CLASS);
        assertThat(d.classNames()).containsExactly("bird", "cat", "dog");
        assertThat(d.channels() * d.height() * d.width()).isEqualTo(48);
        // round(4 * 0.25) = 1 of bird and cat, round(2 * 0.25) = 1 (at most n - 1) of dog.
        assertThat(d.test().count()).isEqualTo(3);
        assertThat(Arrays.stream(d.test().classes()).sorted().toArray()).containsExactly(0, 1, 2);
        assertThat(d.train().count()).isEqualTo(7);
        // Sorted paths within each split.
        assertThat(d.train().files()).isSorted();
        assertThat(d.test().files()).isSorted();

        // Channel-major pixels: image cat/2.png has R = 10 + x, G = 2 + y, B = 7.
        ImageFolderData.Part part = d.train().files().contains("cat/2.png") ? d.train() : d.test();
        int i = part.files().indexOf("cat/2.png");
        byte[] px = Arrays.copyOfRange(part.pixels(), i * 48, (i + 1) * 48);
        assertThat(px[0]).isEqualTo((byte) 10); // R at (0, 0)
        assertThat(px[3]).isEqualTo((byte) 13); // R at (x 3, y 0)
        assertThat(px[16 + 4]).isEqualTo((byte) 3); // G at (x 0, y 1)
        assertThat(px[32 + 15]).isEqualTo((byte) 7); // B at (3, 3)
        assertThat(part.classes()[i]).isEqualTo(1);

        assertThat(d.sha256()).containsOnlyKeys(ImageFolderReader.IMAGES_SHA_KEY);
        assertThat(d.description())
                .contains("10 images of 3x4x4 (7 train, 3 test)")
                .contains("classes bird, cat, dog")
                .contains("fraction test=0.25 seed=1, stratified by class")
                .contains("resize: none");

        // The same folder and seed give the same split and bytes; another seed another split.
        ImageFolderData again = ImageFolderReader.read(options(3, 4, 4, "folders", SplitSpec.byFraction(0.25, 1)));
        assertThat(again.test().files()).isEqualTo(d.test().files());
        assertThat(again.train().pixels()).isEqualTo(d.train().pixels());
        assertThat(again.sha256()).isEqualTo(d.sha256());
        List<List<String>> others = IntStream.range(2, 8)
                .mapToObj(s -> ImageFolderReader.read(options(3, 4, 4, "folders", SplitSpec.byFraction(0.25, s)))
                        .test()
                        .files())
                .toList();
        assertThat(others).anyMatch(f -> !f.equals(d.test().files()));
    }

    @Test
    void theImagesDigestCoversEveryByteAndName() throws IOException {
        threeClasses();
        ImageFolderOptions o = options(3, 4, 4, "folders", SplitSpec.byFraction(0.25, 1));
        String before = ImageFolderReader.read(o).sha256().get("images");
        write("dog/1.png", rgb(4, 4, 20, 1, 8));
        String changed = ImageFolderReader.read(o).sha256().get("images");
        assertThat(changed).isNotEqualTo(before).hasSize(64);
        Files.move(dir.resolve("dog/1.png"), dir.resolve("dog/9.png"));
        assertThat(ImageFolderReader.read(o).sha256().get("images")).isNotEqualTo(changed);
    }

    @Test
    void integerClassNamesSortNumerically() throws IOException {
        for (String c : List.of("2", "10", "1")) {
            write(c + "/a.png", grey(2, 2, 0));
            write(c + "/b.png", grey(2, 2, 0));
        }
        ImageFolderData d = ImageFolderReader.read(options(1, 2, 2, "folders", SplitSpec.byFraction(0.5, 0)));
        assertThat(d.classNames()).containsExactly("1", "2", "10");
    }

    @Test
    void trainAndTestFoldersAndUnknownTestClasses() throws IOException {
        write("train/a/1.png", rgb(3, 3, 0, 0, 0));
        write("train/b/1.png", rgb(3, 3, 0, 0, 0));
        write("test/b/2.png", rgb(3, 3, 0, 0, 0));
        write("ignored-outside-the-splits.png", rgb(3, 3, 0, 0, 0));
        ImageFolderData d = ImageFolderReader.read(options(3, 3, 3, "folders", SplitSpec.byFolders()));
        assertThat(d.train().files()).containsExactly("train/a/1.png", "train/b/1.png");
        assertThat(d.test().files()).containsExactly("test/b/2.png");
        assertThat(d.test().classes()).containsExactly(1);

        Path stray = write("test/c/3.png", rgb(3, 3, 0, 0, 0));
        assertThatThrownBy(() -> ImageFolderReader.read(options(3, 3, 3, "folders", SplitSpec.byFolders())))
                .isInstanceOf(DataFileException.class)
                .hasMessage(stray + ": unknown class 'c'; known classes (those of the training images): a, b");

        // Declared classes fix the label order and admit a class without training images.
        ImageFolderData declared = ImageFolderReader.read(
                new ImageFolderOptions(dir, List.of(3, 3, 3), null, "folders", List.of("c", "b", "a"),
                        SplitSpec.byFolders()));
        assertThat(declared.classNames()).containsExactly("c", "b", "a");
        assertThat(declared.train().classes()).containsExactly(2, 1);
    }

    @Test
    void missingSplitFoldersAndImagesOutsideClassFolders() throws IOException {
        write("train/a/1.png", rgb(3, 3, 0, 0, 0));
        assertThatThrownBy(() -> ImageFolderReader.read(options(3, 3, 3, "folders", SplitSpec.byFolders())))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(dir.resolve("test") + ": no such directory; data.options.split {by: folders}");
        Path loose = write("loose.png", rgb(3, 3, 0, 0, 0));
        assertThatThrownBy(() -> ImageFolderReader.read(options(3, 3, 3, "folders", SplitSpec.byFraction(0.5, 0))))
                .hasMessageStartingWith(loose + ": not in a class sub-folder");
        assertThatThrownBy(() -> ImageFolderReader.read(new ImageFolderOptions(dir.resolve("nope"), List.of(3, 3, 3),
                        null, "none", null, SplitSpec.byFraction(0.5, 0))))
                .hasMessage(dir.resolve("nope") + ": no such directory; data.dir must name the folder holding"
                        + " the images");
    }

    @Test
    void classCsvWithASplitColumn() throws IOException {
        write("img/x.png", rgb(2, 2, 0, 0, 0));
        write("img/y.png", rgb(2, 2, 1, 0, 0));
        write("img/z.png", rgb(2, 2, 2, 0, 0));
        text("labels.csv", "file,label,part", "img/x.png,cat,train", "img/y.png,dog,validation", "\"img/z.png\",cat,test");
        ImageFolderData d = ImageFolderReader.read(options(3, 2, 2, "labels.csv", SplitSpec.byColumn("part")));
        assertThat(d.kind()).isEqualTo(LabelKind.CLASS);
        assertThat(d.classNames()).containsExactly("cat", "dog");
        assertThat(d.train().files()).containsExactly("img/x.png", "img/y.png");
        assertThat(d.train().classes()).containsExactly(0, 1);
        assertThat(d.test().files()).containsExactly("img/z.png");
        assertThat(d.sha256()).containsKeys("images", "labels.csv");
        assertThat(d.description()).contains("class column 'label' of labels.csv");

        Path labels = text("labels.csv", "file,label,part", "img/x.png,cat,train", "img/y.png,dog,train",
                "img/z.png,cat,holdout");
        assertThatThrownBy(() -> ImageFolderReader.read(options(3, 2, 2, "labels.csv", SplitSpec.byColumn("part"))))
                .isInstanceOf(DataFileException.class)
                .hasMessage(labels + " line 4: column 'part' is 'holdout'; allowed: train, validation (trains), test");
        assertThatThrownBy(() -> ImageFolderReader.read(options(3, 2, 2, "labels.csv", SplitSpec.byColumn("fold"))))
                .hasMessage(labels + " line 1: no column 'fold' (data.options.split.column) after the file column;"
                        + " columns: file, label, part");

        text("labels.csv", "file,label,part", "img/x.png,cat,train", "img/y.png,dog,test", "img/z.png,cat,test");
        assertThatThrownBy(() -> ImageFolderReader.read(options(3, 2, 2, "labels.csv", SplitSpec.byColumn("part"))))
                .hasMessage(labels + " line 3: unknown class 'dog'; known classes (those of the training images): cat");
    }

    @Test
    void labelFileErrorsNameTheFileAndLine() throws IOException {
        Path x = write("x.png", rgb(2, 2, 0, 0, 0));
        write("y.png", rgb(2, 2, 0, 0, 0));
        ImageFolderOptions o = options(3, 2, 2, "labels.csv", SplitSpec.byFraction(0.5, 0));
        Path labels = text("labels.csv", "file,label", "y.png,a");
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .isInstanceOf(DataFileException.class)
                .hasMessage(x + ": no label; " + labels + " has no row for 'x.png'");

        text("labels.csv", "file,label", "x.png,a", "y.png,b", "w.png,a");
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .hasMessage(labels + " line 4: no image 'w.png' in " + dir + " (images end in .png, .jpg, .jpeg)");

        text("labels.csv", "file,label", "x.png,a", "y.png,b", "./x.png,b");
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .hasMessage(labels + " line 4: duplicate row for 'x.png' (first on line 2)");

        text("labels.csv", "file,label", "x.png,a", "y.png");
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .hasMessage(labels + " line 3: 1 fields, expected 2 (file,label)");

        text("labels.csv", "file,label", "x.png,a", "y.png,");
        assertThatThrownBy(() -> ImageFolderReader.read(o)).hasMessage(labels + " line 3: no label for 'y.png'");

        text("labels.csv", "file,label", "x.png,a", "y.png,z");
        assertThatThrownBy(() -> ImageFolderReader.read(new ImageFolderOptions(dir, List.of(3, 2, 2), null,
                        "labels.csv", List.of("a", "b"), SplitSpec.byFraction(0.5, 0))))
                .hasMessage(labels + " line 3: unknown class 'z'; known classes (data.options.classes): a, b");

        assertThatThrownBy(() -> ImageFolderReader.read(options(3, 2, 2, "missing.csv", SplitSpec.byFraction(0.5, 0))))
                .hasMessage(dir.resolve("missing.csv") + ": no such file; data.options.labels names it");
    }

    @Test
    void attributeCsvTakesZeroOneAndMinusOneOne() throws IOException {
        write("a.png", rgb(2, 2, 0, 0, 0));
        write("b.png", rgb(2, 2, 0, 0, 0));
        write("c.png", rgb(2, 2, 0, 0, 0));
        write("d.png", rgb(2, 2, 0, 0, 0));
        text("attrs.csv", "file,Smiling,Young", "a.png,1,-1", "b.png,-1,1", "c.png,0,1", "d.png,1,0");
        ImageFolderData d = ImageFolderReader.read(options(3, 2, 2, "attrs.csv", SplitSpec.byFraction(0.5, 3)));
        assertThat(d.kind()).isEqualTo(LabelKind.ATTRIBUTES);
        assertThat(d.attributeNames()).containsExactly("Smiling", "Young");
        assertThat(d.train().count()).isEqualTo(2);
        byte[] all = new byte[8];
        for (ImageFolderData.Part p : List.of(d.train(), d.test())) {
            for (int i = 0; i < p.count(); i++) {
                int k = p.files().get(i).charAt(0) - 'a';
                System.arraycopy(p.attributes(), 2 * i, all, 2 * k, 2);
            }
        }
        assertThat(all).containsExactly(1, 0, 0, 1, 0, 1, 1, 0);
        assertThat(d.description()).contains("fraction test=0.5 seed=3;");

        Path attrs = text("attrs.csv", "file,Smiling,Young", "a.png,1,-1", "b.png,yes,1", "c.png,0,1", "d.png,1,0");
        assertThatThrownBy(() -> ImageFolderReader.read(options(3, 2, 2, "attrs.csv", SplitSpec.byFraction(0.5, 3))))
                .isInstanceOf(DataFileException.class)
                .hasMessage(attrs + " line 3: attribute 'Smiling' is 'yes'; allowed: 0/1 or -1/1");
    }

    @Test
    void celebaLayoutWithItsPartitionFile() throws IOException {
        for (int i = 1; i <= 4; i++) {
            write(String.format("00000%d.jpg", i), rgb(4, 4, 100, 100, 100));
        }
        text("list_attr_celeba.txt", "4", "Bald Smiling ", "000001.jpg  1 -1", "000002.jpg -1  1",
                "000003.jpg  1  1", "000004.jpg -1 -1");
        text("list_eval_partition.txt", "000001.jpg 0", "000002.jpg 1", "000003.jpg 2", "000004.jpg 0");
        ImageFolderData d = ImageFolderReader.read(options(3, 4, 4, "list_attr_celeba.txt",
                SplitSpec.byPartition(Path.of("list_eval_partition.txt"))));
        assertThat(d.kind()).isEqualTo(LabelKind.ATTRIBUTES);
        assertThat(d.attributeNames()).containsExactly("Bald", "Smiling");
        assertThat(d.train().files()).containsExactly("000001.jpg", "000002.jpg", "000004.jpg");
        assertThat(d.train().attributes()).containsExactly(1, 0, 0, 1, 0, 0);
        assertThat(d.test().files()).containsExactly("000003.jpg");
        assertThat(d.sha256()).containsOnlyKeys("images", "list_attr_celeba.txt", "list_eval_partition.txt");
        // JPEG is lossy: a flat grey-ish colour comes back close, not exact.
        for (byte b : d.test().pixels()) {
            assertThat(b & 0xff).isBetween(90, 115);
        }

        Path attrs = text("list_attr_celeba.txt", "5", "Bald Smiling", "000001.jpg 1 -1", "000002.jpg -1 1",
                "000003.jpg 1 1", "000004.jpg -1 -1");
        ImageFolderOptions o = options(3, 4, 4, "list_attr_celeba.txt",
                SplitSpec.byPartition(Path.of("list_eval_partition.txt")));
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .isInstanceOf(DataFileException.class)
                .hasMessage(attrs + " line 1: declares 5 images but lists 4");
        text("list_attr_celeba.txt", "4", "Bald Smiling", "000001.jpg 1 -1", "000002.jpg -1 1", "000003.jpg 1 2",
                "000004.jpg -1 -1");
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .hasMessage(attrs + " line 5: attribute 'Smiling' is '2'; allowed: 0/1 or -1/1");

        text("list_attr_celeba.txt", "4", "Bald Smiling", "000001.jpg 1 -1", "000002.jpg -1 1", "000003.jpg 1 1",
                "000004.jpg -1 -1");
        Path partition = text("list_eval_partition.txt", "000001.jpg 0", "000002.jpg 1", "000003.jpg 3",
                "000004.jpg 0");
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .hasMessageStartingWith(partition + " line 3: partition '3' is not 0 (train)");
        text("list_eval_partition.txt", "000001.jpg 0", "000002.jpg 1", "000003.jpg 2");
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .hasMessage(dir.resolve("000004.jpg") + ": no partition; " + partition
                        + " has no row for '000004.jpg'");
    }

    @Test
    void greyAndRgbAreReconciledOrRefused() throws IOException {
        write("a/grey.png", grey(2, 2, 50));
        write("a/colour.png", rgb(2, 2, 10, 20, 30));
        write("b/grey-as-rgb.png", rgb(2, 2, 0, 0, 0)); // R = x, G = y, B = 0: not grey
        write("b/other.png", rgb(2, 2, 0, 0, 0));
        ImageFolderData d = ImageFolderReader.read(options(3, 2, 2, "folders", SplitSpec.byFraction(0.5, 0)));
        ImageFolderData.Part p = d.train().files().contains("a/grey.png") ? d.train() : d.test();
        int i = p.files().indexOf("a/grey.png");
        byte[] px = Arrays.copyOfRange(p.pixels(), i * 12, i * 12 + 12);
        // Three equal planes of 50 + x + y.
        assertThat(px).containsExactly(50, 51, 51, 52, 50, 51, 51, 52, 50, 51, 51, 52);

        Path colour = dir.resolve("a/colour.png");
        assertThatThrownBy(() -> ImageFolderReader.read(options(1, 2, 2, "folders", SplitSpec.byFraction(0.5, 0))))
                .isInstanceOf(DataFileException.class)
                .hasMessage(colour + ": a colour image, but data.options.size declares 1 channel (grey); declare 3"
                        + " channels for RGB");

        // Grey stored as RGB (R = G = B) is grey.
        Files.delete(colour);
        Files.delete(dir.resolve("b/grey-as-rgb.png"));
        Files.delete(dir.resolve("b/other.png"));
        BufferedImage same = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        same.setRGB(1, 1, 0x404040);
        write("b/same.png", same);
        write("b/same2.png", same);
        write("a/grey2.png", grey(2, 2, 9));
        ImageFolderData g = ImageFolderReader.read(options(1, 2, 2, "folders", SplitSpec.byFraction(0.5, 0)));
        ImageFolderData.Part q = g.train().files().contains("b/same.png") ? g.train() : g.test();
        int j = q.files().indexOf("b/same.png");
        assertThat(Arrays.copyOfRange(q.pixels(), 4 * j, 4 * j + 4)).containsExactly(0, 0, 0, 0x40);
    }

    @Test
    void sixteenBitGreyScalesToBytesAndTransparencyIsRefused() throws IOException {
        BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 65535);
        deep.getRaster().setSample(1, 0, 0, 257 * 100);
        write("a/deep.png", deep);
        write("a/flat.png", grey(1, 2, 0));
        ImageFolderData d = ImageFolderReader.read(options(1, 1, 2, "folders", SplitSpec.byFraction(0.5, 0)));
        ImageFolderData.Part p = d.train().files().contains("a/deep.png") ? d.train() : d.test();
        int i = p.files().indexOf("a/deep.png");
        assertThat(Arrays.copyOfRange(p.pixels(), 2 * i, 2 * i + 2)).containsExactly(255, 100);

        BufferedImage clear = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        clear.setRGB(0, 0, 0xff102030);
        clear.setRGB(1, 0, 0x80102030);
        Path png = write("a/clear.png", clear);
        assertThatThrownBy(() -> ImageFolderReader.read(options(3, 1, 2, "folders", SplitSpec.byFraction(0.5, 0))))
                .isInstanceOf(DataFileException.class)
                .hasMessage(png + ": pixel (x 1, y 0) is transparent; expected opaque grey or RGB images");
        clear.setRGB(1, 0, 0xff102030);
        write("a/clear.png", clear);
        ImageFolderData opaque = ImageFolderReader.read(options(3, 1, 2, "folders", SplitSpec.byFraction(0.5, 0)));
        assertThat(opaque.train().count() + opaque.test().count()).isEqualTo(3);
    }

    @Test
    void unreadableImagesAndWrongSizesNameTheFile() throws IOException {
        write("a/1.png", rgb(4, 4, 0, 0, 0));
        write("a/2.png", rgb(4, 4, 0, 0, 0));
        Path bad = dir.resolve("a/3.png");
        Files.writeString(bad, "this is not a PNG");
        ImageFolderOptions o = options(3, 4, 4, "folders", SplitSpec.byFraction(0.5, 0));
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .isInstanceOf(DataFileException.class)
                .hasMessage(bad + ": not an image Java's ImageIO can read; expected PNG or JPEG");
        byte[] png = Files.readAllBytes(dir.resolve("a/1.png"));
        Files.write(bad, Arrays.copyOf(png, png.length / 2));
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(bad + ": cannot be decoded as PNG or JPEG (")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        Path wide = write("a/3.png", rgb(4, 6, 0, 0, 0));
        assertThatThrownBy(() -> ImageFolderReader.read(o))
                .hasMessage(wide + ": 4x6 pixels (height x width), but data.options.size declares 4x4; set"
                        + " data.options.resize: {filter: bilinear | nearest | area} to resize");
        ImageFolderData d = ImageFolderReader.read(
                new ImageFolderOptions(dir, List.of(3, 4, 4), new Resize("area"), "folders", null,
                        SplitSpec.byFraction(0.5, 0)));
        assertThat(d.description()).contains("resize: area (covered source pixels averaged by covered area), 1 of 3"
                + " images resized");
    }

    @Test
    void resizedImagesGoThroughTheStatedFilter() throws IOException {
        BufferedImage big = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] row0 = {0, 100, 200, 40};
        int[] row1 = {20, 120, 220, 60};
        for (int x = 0; x < 4; x++) {
            big.getRaster().setSample(x, 0, 0, row0[x]);
            big.getRaster().setSample(x, 1, 0, row1[x]);
        }
        write("a/big.png", big);
        write("a/small.png", grey(1, 2, 0));
        for (String filter : ImageResizer.FILTERS) {
            ImageFolderData d = ImageFolderReader.read(new ImageFolderOptions(
                    dir, List.of(1, 1, 2), new Resize(filter), "folders", null, SplitSpec.byFraction(0.5, 0)));
            ImageFolderData.Part p = d.train().files().contains("a/big.png") ? d.train() : d.test();
            int i = p.files().indexOf("a/big.png");
            byte[] expected = ImageResizer.resize(
                    new byte[] {0, 100, (byte) 200, 40, 20, 120, (byte) 220, 60}, 2, 4, 1, 2, filter);
            assertThat(Arrays.copyOfRange(p.pixels(), 2 * i, 2 * i + 2)).isEqualTo(expected);
            assertThat(d.description()).contains("resize: " + ImageResizer.describe(filter));
        }
    }
}
