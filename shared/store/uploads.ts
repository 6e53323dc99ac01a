/**
 * The bucket of attachments behind the `UploadStore` port, through the S3 API on both
 * runtimes: on AWS the real bucket with the function's role; on one machine the local
 * server's S3-compatible endpoint (`S3_ENDPOINT`, path style), which checks the same
 * signatures and POST policies (infra/local/s3-endpoint.ts).
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { parseEnv, type ServiceConfig } from '../config.ts';
import type { UploadStore } from '../domain/attachments.ts';
import * as z from '../schemas/zod.ts';

const uploadEnv = z.object({
  UPLOAD_BUCKET: z.string().check(z.minLength(3)),
  /** Set only by the local runtime: the local server's S3 endpoint. */
  S3_ENDPOINT: z.optional(z.url()),
});

export interface UploadConfig extends ServiceConfig {
  bucket: string;
}

export function readUploadConfig(env: Record<string, string | undefined>): UploadConfig {
  const { UPLOAD_BUCKET, S3_ENDPOINT } = parseEnv(uploadEnv, env);
  return { bucket: UPLOAD_BUCKET, endpoint: S3_ENDPOINT };
}

/** One S3 client per container; path style for the local endpoint. */
export function createS3Client(config: UploadConfig): S3Client {
  return new S3Client(config.endpoint ? { endpoint: config.endpoint, forcePathStyle: true } : {});
}

/** RFC 6266's filename*, so a Vietnamese file name survives the download. */
function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** What an upload is tagged with until it is registered (the bucket's lifecycle reads it). */
export const unregisteredTagging =
  '<Tagging><TagSet><Tag><Key>registered</Key><Value>false</Value></Tag></TagSet></Tagging>';

export function createS3UploadStore(client: S3Client, bucket: string): UploadStore {
  return {
    async presignUpload({ key, contentType, maxBytes, expiresInSeconds, meta }) {
      const metaFields = Object.fromEntries(
        Object.entries(meta).map(([name, value]) => [`x-amz-meta-${name}`, value]),
      );
      // Every field becomes an exact-match condition of the policy (the key among them).
      return createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        Conditions: [['content-length-range', 1, maxBytes]],
        Fields: { 'Content-Type': contentType, tagging: unregisteredTagging, ...metaFields },
        Expires: expiresInSeconds,
      });
    },

    async markRegistered(key) {
      await client.send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: key,
          Tagging: { TagSet: [{ Key: 'registered', Value: 'true' }] },
        }),
      );
    },

    async head(key) {
      try {
        const found = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return {
          size: found.ContentLength ?? 0,
          contentType: found.ContentType,
          meta: found.Metadata ?? {},
        };
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
          ?.httpStatusCode;
        if (status === 404 || (error as Error).name === 'NotFound') return undefined;
        throw error;
      }
    },

    presignRead(key, { expiresInSeconds, fileName, contentType }) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentType: contentType,
          ResponseContentDisposition: attachmentDisposition(fileName),
        }),
        { expiresIn: expiresInSeconds },
      );
    },
  };
}
