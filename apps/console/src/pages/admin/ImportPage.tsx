import {
  DeleteOutlined,
  DownloadOutlined,
  FileTextOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Progress,
  Result,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useRef, useState } from 'react';
import type { UploadProgress } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { MAX_IMPORT_BYTES } from '../../domains/imports/fetchers';
import { useImportSuspensionList } from '../../domains/imports/hooks';
import { rejectedRowsCsv } from '../../domains/imports/report';
import type { ImportResult, RejectedRow } from '../../domains/imports/schemas';
import { formatBytes, formatCount } from '../../lib/operation-labels';
import { saveFile } from '../../lib/save-file';

const COLUMNS_HELP = 'number,line_type,unregistered_kind,state[,owner_name,region_code,stopped_on]';

/** The billing system's suspension list, uploaded: progress while it goes, then what the import did. */
export default function ImportPage() {
  const importList = useImportSuspensionList();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [done, setDone] = useState<{
    file: { name: string; size: number };
    result: ImportResult;
  }>();
  const abort = useRef<AbortController | null>(null);

  const uploading = importList.isPending && (progress === null || progress.loaded < progress.total);

  const pick = (f: File) => {
    if (f.size === 0) void message.error('文件是空的，请选择计费系统导出的 CSV 文件');
    else if (f.size > MAX_IMPORT_BYTES)
      void message.error(`文件超过 ${formatBytes(MAX_IMPORT_BYTES)}，请分成几个文件导入`);
    else {
      setFile(f);
      importList.reset();
    }
    return Upload.LIST_IGNORE;
  };

  const start = () => {
    if (!file) return;
    const controller = new AbortController();
    abort.current = controller;
    setProgress(null);
    importList.mutate(
      { file, onProgress: setProgress, signal: controller.signal },
      {
        onSuccess: (result) => {
          setDone({ file: { name: file.name, size: file.size }, result });
          setFile(null);
        },
        onSettled: () => {
          abort.current = null;
          setProgress(null);
        },
      },
    );
  };

  const cancelled =
    importList.error instanceof DOMException && importList.error.name === 'AbortError';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        号码导入
      </Typography.Title>
      <Card title="上传停机名单">
        <Typography.Paragraph type="secondary">
          上传计费系统导出的停机名单（CSV，UTF-8），第一行为表头：
          <Typography.Text code>{COLUMNS_HELP}</Typography.Text>
          。每一行都按实名规则校验，有问题的行不导入并列出原因；同一文件再次导入不会重复变更。
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".csv,text/csv"
          multiple={false}
          showUploadList={false}
          beforeUpload={pick}
          disabled={importList.isPending}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖入 CSV 文件</p>
          <p className="ant-upload-hint">单个文件不超过 {formatBytes(MAX_IMPORT_BYTES)}</p>
        </Upload.Dragger>
        {file && (
          <Space
            data-testid="picked-file"
            style={{ marginTop: 16, width: '100%', justifyContent: 'space-between' }}
            wrap
          >
            <Space>
              <FileTextOutlined />
              <Typography.Text strong>{file.name}</Typography.Text>
              <Typography.Text type="secondary">{formatBytes(file.size)}</Typography.Text>
            </Space>
            <Space>
              {!importList.isPending && (
                <Button icon={<DeleteOutlined />} onClick={() => setFile(null)}>
                  移除
                </Button>
              )}
              {uploading && <Button onClick={() => abort.current?.abort()}>取消上传</Button>}
              <Button type="primary" loading={importList.isPending} onClick={start}>
                开始导入
              </Button>
            </Space>
          </Space>
        )}
        {importList.isPending && (
          <div style={{ marginTop: 16 }} data-testid="import-progress">
            {uploading ? (
              <>
                <Progress
                  percent={progress ? Math.floor((progress.loaded / progress.total) * 100) : 0}
                  status="active"
                />
                <Typography.Text type="secondary">
                  正在上传
                  {progress
                    ? ` ${formatBytes(progress.loaded)} / ${formatBytes(progress.total)}`
                    : '…'}
                </Typography.Text>
              </>
            ) : (
              <Space>
                <Spin size="small" />
                <Typography.Text>
                  上传完成，正在逐行校验并写入（大文件可能需要一两分钟，请勿关闭页面）…
                </Typography.Text>
              </Space>
            )}
          </div>
        )}
        {importList.error && (
          <Alert
            style={{ marginTop: 16 }}
            type={cancelled ? 'info' : 'error'}
            showIcon
            title={cancelled ? '已取消上传，没有导入任何数据' : '导入失败，没有写入任何数据'}
            description={cancelled ? undefined : errorMessage(importList.error)}
          />
        )}
      </Card>
      {done && <ImportReport file={done.file} result={done.result} />}
    </Space>
  );
}

function ImportReport({
  file,
  result,
}: {
  file: { name: string; size: number };
  result: ImportResult;
}) {
  const shown = result.rejectedSample.length;
  return (
    <Card title="导入结果" data-testid="import-result">
      <Result
        style={{ padding: '8px 0 24px' }}
        status={result.rejected > 0 ? 'warning' : 'success'}
        title={
          result.rejected > 0
            ? `导入完成，${formatCount(result.rejected)} 行被拒绝`
            : '导入完成，全部行已接受'
        }
        subTitle={`${file.name}（${formatBytes(file.size)}），共读取 ${formatCount(result.read)} 行，其中 ${formatCount(result.stateChanges)} 个号码的停机状态发生变化`}
      />
      <Row gutter={16}>
        {[
          { title: '新增号码', value: result.inserted, testId: 'count-inserted' },
          { title: '信息变更', value: result.updated, testId: 'count-updated' },
          { title: '无变化', value: result.unchanged, testId: 'count-unchanged' },
          {
            title: '拒绝',
            value: result.rejected,
            testId: 'count-rejected',
            color: result.rejected > 0 ? '#cf1322' : undefined,
          },
        ].map((c) => (
          <Col key={c.title} xs={12} md={6}>
            <Card size="small" data-testid={c.testId}>
              <Statistic
                title={c.title}
                value={c.value}
                styles={c.color ? { content: { color: c.color } } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {result.rejected > 0 && (
        <div style={{ marginTop: 24 }}>
          <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              被拒绝的行
            </Typography.Title>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                saveFile(
                  new Blob([rejectedRowsCsv(result.rejectedSample)], {
                    type: 'text/csv;charset=utf-8',
                  }),
                  `${file.name.replace(/\.csv$/i, '')}-被拒绝的行.csv`,
                )
              }
            >
              下载这 {formatCount(shown)} 行（CSV）
            </Button>
          </Space>
          {result.rejected > shown && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={`共拒绝 ${formatCount(result.rejected)} 行，这里列出前 ${formatCount(shown)} 行`}
              description={
                <>
                  完整的拒绝报告请在服务器上用命令行导入同一文件生成（重复导入不会改变数据）：
                  <Typography.Text code copyable>
                    {`pnpm shiming import ${file.name} --tenant ${result.tenant} --report rejected.csv`}
                  </Typography.Text>
                </>
              }
            />
          )}
          <Table<RejectedRow>
            rowKey="line"
            size="small"
            dataSource={result.rejectedSample}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              { title: '行号', dataIndex: 'line', width: 90 },
              { title: '号码', dataIndex: 'number', width: 160 },
              { title: '原因', dataIndex: 'reason' },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
