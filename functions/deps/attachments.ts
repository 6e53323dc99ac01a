/** What the attachment functions need, built once per container: the table and the bucket. */
import { newUlid } from '#shared/ids.ts';
import { createAttachmentsRepository } from '#shared/store/entities/attachment.ts';
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { createObstaclesRepository } from '#shared/store/entities/obstacle.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { createVisitsRepository } from '#shared/store/entities/visit.ts';
import { createS3Client, createS3UploadStore, readUploadConfig } from '#shared/store/uploads.ts';
import { now, table } from './table.ts';

const uploadConfig = readUploadConfig(process.env);

export const attachmentDeps = {
  attachments: createAttachmentsRepository(...table),
  uploads: createS3UploadStore(createS3Client(uploadConfig), uploadConfig.bucket),
  obstacles: createObstaclesRepository(...table),
  tasks: createTasksRepository(...table),
  visits: createVisitsRepository(...table),
  directory: createDirectoryRepository(...table),
  now,
  newId: () => newUlid(),
};
