export const wechatKeys = {
  all: ['wechat'] as const,
  account: () => [...wechatKeys.all, 'account'] as const,
  menuPreview: () => [...wechatKeys.all, 'menu-preview'] as const,
};
