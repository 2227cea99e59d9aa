package dev.trae.oracle.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet page codecs without Hadoop: gzip from the JDK, zstd from zstd-jni, snappy from snappy-java.
 * Parquet's own codec factory goes through Hadoop's codec classes; this one needs no Hadoop jar at run time.
 */
public final class ParquetCodecs implements CompressionCodecFactory {
    public static final ParquetCodecs INSTANCE = new ParquetCodecs();

    private ParquetCodecs() {
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(compressBytes(codec, bytes.toByteArray()));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return BytesInput.from(decompressBytes(codec, bytes.toByteArray(), uncompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(decompressBytes(codec, in, uncompressedSize));
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }

    static byte[] compressBytes(CompressionCodecName codec, byte[] in) throws IOException {
        switch (codec) {
            case UNCOMPRESSED:
                return in;
            case GZIP: {
                ByteArrayOutputStream bo = new ByteArrayOutputStream(in.length / 2 + 64);
                try (GZIPOutputStream gz = new GZIPOutputStream(bo, 8192)) {
                    gz.write(in);
                }
                return bo.toByteArray();
            }
            case ZSTD:
                return com.github.luben.zstd.Zstd.compress(in, 3);
            case SNAPPY:
                return org.xerial.snappy.Snappy.compress(in);
            default:
                throw new IOException("unsupported Parquet codec " + codec);
        }
    }

    static byte[] decompressBytes(CompressionCodecName codec, byte[] in, int size) throws IOException {
        switch (codec) {
            case UNCOMPRESSED:
                return in;
            case GZIP:
                try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(in))) {
                    return gz.readNBytes(size);
                }
            case ZSTD:
                return com.github.luben.zstd.Zstd.decompress(in, size);
            case SNAPPY:
                return org.xerial.snappy.Snappy.uncompress(in);
            default:
                throw new IOException("unsupported Parquet codec " + codec);
        }
    }
}
